/** The deflate codec of the op log: log.ts loads this module apart, with only what it uses. */
export { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
