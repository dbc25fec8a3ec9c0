/** Where peers find each other, set at build time (KOERS_SIGNALING, KOERS_ICE_SERVERS). */
export const SIGNALING_URLS: string[] = __KOERS_SIGNALING__.split(',').filter(Boolean);

/** STUN/TURN servers for connections across networks; none by default (no third party). */
export const ICE_SERVERS: RTCIceServer[] = __KOERS_ICE_SERVERS__
	.split(',')
	.filter(Boolean)
	.map((urls) => ({ urls }));
