/**
 * Passwords of ten characters or more that Chinese users choose often and the general list lacks: 我爱你 in pinyin
 * and the 520/1314 number plays, pinyin surnames with a run of digits, keyboard and number-pad walks (the patterns
 * that published analyses of the 2011 CSDN leak rank highest), and this platform's own name. Chosen by hand, not a
 * leak's list; shorter ones fail on length anyway.
 */
export const CHINESE_COMMON_PASSWORDS: readonly string[] = [
  'woaini1314', 'woaini520', 'woaini5201314', 'woaini123456', 'woaiwojia123', 'iloveyou1314', 'iloveyou520',
  '5201314520', '1314520520', '5201314123', '52013145201314', '1314521521', 'aini1314520',
  'qq123456789', 'qq1234567890', 'wang123456', 'zhang123456', 'li12345678', 'liu123456', 'chen123456', 'yang123456',
  'zhao123456', 'huang123456', 'zhou123456', 'wu12345678', 'xu12345678', 'sun123456', 'ma12345678', 'zhu123456',
  'a1234567890', 'abc1234567', 'abc12345678', 'aa123456789', 'asd123456789', 'qwe123456789', 'zxc123456789',
  'qaz123456789', '147258369a', '147258369258', '1472583690', '159357456852', '123456789abc', '123456abcd',
  '1q2w3e4r5t6y', 'qwertyuiop123', 'asdfghjkl123', 'zxcvbnm123456', 'dearbook123', 'xiazhili123', 'wangge2026',
  'wangge123456', 'admin123456', 'admin12345678', 'administrator123', 'root123456',
]
