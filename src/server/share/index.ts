/** Share links of a report's scores (no contact data), revocable from the permalink, and their preview image. */
export { currentShareToken, findSharedReport, newShareToken, shareImagePath, sharePath, shareResults, stopSharing, type ShareDeps } from './share.ts';
export { OG_HEIGHT, OG_WIDTH, ogPng, ogSvg, type OgTexts } from './og-image.ts';
