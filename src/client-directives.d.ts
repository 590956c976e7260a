// The site's own `client:` directive (registered in astro.config.mjs), known to the type checker.
export {};

declare module 'astro' {
  interface AstroClientDirectives {
    /** Hydrates the island once the page has painted (src/components/painted-directive.ts). */
    'client:painted'?: boolean;
    /** As `client:painted`, once the JSON at this address is fetched for the island (src/components/withdata-directive.ts). */
    'client:withdata'?: string;
  }
}
