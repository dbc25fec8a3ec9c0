// A static single-page app: everything renders in the browser from local data.
export const ssr = false;
export const prerender = false;
