/** Simplified Chinese, the reference street's language and the source every other locale follows. */
export const zhCN = {
  app: {
    title: '网格 Wangge',
  },
  nav: {
    label: '主导航',
    map: '网格地图',
  },
  language: {
    label: '界面语言',
  },
  common: {
    retry: '重试',
    close: '关闭',
    loading: '加载中…',
  },
  config: {
    loading: '正在连接服务器…',
    error: '无法加载系统配置。',
  },
  errors: {
    NETWORK_ERROR: '网络连接失败，请检查网络后重试。',
    NOT_FOUND: '所请求的内容不存在。',
    UNAVAILABLE: '服务器暂时不可用，请稍后重试。',
    generic: '出错了（{{code}}）。',
  },
  level: {
    community: '社区',
    area: '片区',
    unit: '网格',
  },
  levelRank: {
    community: '一级',
    area: '二级',
    unit: '三级',
  },
  map: {
    label: '网格地图',
    loadingGrids: '正在加载网格…',
    gridsError: '网格加载失败',
    showing: '当前显示：{{level}} · {{count}} 个',
  },
  panel: {
    label: '网格详情',
    code: '编码',
    level: '层级',
    area: '面积',
    children: '下级网格',
    childrenNone: '无',
    chain: '所属关系',
    current: '当前网格',
  },
  area: {
    km2: '{{value}} 平方公里',
    m2: '{{value}} 平方米',
  },
  notFound: {
    title: '页面不存在',
    back: '返回网格地图',
  },
}

export type Messages = typeof zhCN
