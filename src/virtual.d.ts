declare module 'virtual:koers-catalog/*' {
	const messages: Record<string, unknown>;
	export default messages;
}
