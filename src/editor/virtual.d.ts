/** The editor's configuration (src/editor/keystatic.config.ts), as Keystatic's page and API import it. */
declare module 'virtual:keystatic-config' {
  const config: import('@keystatic/core').Config;
  export default config;
}
