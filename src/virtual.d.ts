declare module 'virtual:koers-catalog/*' {
	const messages: Record<string, unknown>;
	export default messages;
}

/** Build-time settings (vite.config.ts). */
declare const __KOERS_SIGNALING__: string;
declare const __KOERS_ICE_SERVERS__: string;
