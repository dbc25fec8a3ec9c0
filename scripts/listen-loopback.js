// Preload (node --import) that makes a server started with only a port listen on HOST
// (127.0.0.1 by default) instead of every interface. Used to run y-webrtc's own signaling
// server, unchanged, on loopback.
import net from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
	if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
		const [port, ...rest] = args;
		const callback = rest.find((arg) => typeof arg === 'function');
		return listen.call(this, Number(port), host, callback);
	}
	return listen.apply(this, args);
};
