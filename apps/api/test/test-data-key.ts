/** The registry's DATA_KEY in tests: the global setup seeds with it and every test app opens with it. */
export const TEST_DATA_KEY = 'wangge-test-registry-data-key-0123456789'
