// The signaling service's settings, read from the environment once at start. A wrong value
// stops the service with a message naming the variable, rather than running with a guess.

/**
 * @typedef {object} SignalingConfig
 * @property {number} port
 * @property {string} host
 * @property {string} redisUrl
 * @property {string} redisPrefix
 * @property {string[]} allowedOrigins
 * @property {boolean} trustProxy
 * @property {number} maxMessageBytes
 * @property {number} maxTopics
 * @property {number} maxTopicLength
 * @property {number} maxConnectionsPerIp
 * @property {number} maxConnections
 * @property {number} messagesPerSecond
 * @property {number} messageBurst
 * @property {number} idleTimeoutMs
 * @property {string} turnSecret
 * @property {string[]} turnUrls
 * @property {number} turnTtl
 * @property {boolean} log
 */

/**
 * The defaults, and what each environment variable sets.
 * @type {Readonly<SignalingConfig>}
 */
export const DEFAULTS = Object.freeze({
	/** SIGNALING_PORT */
	port: 4444,
	/** HOST: the address to listen on. */
	host: '127.0.0.1',
	/** REDIS_URL: with it, every node on the same Redis forms one relay. */
	redisUrl: '',
	/** REDIS_PREFIX: the Redis channel of topic T is PREFIX + T. */
	redisPrefix: 'koers:signal:',
	/** ALLOWED_ORIGINS: comma-separated origins of the app; empty allows any. */
	allowedOrigins: [],
	/** TRUST_PROXY=1: the client address is the last X-Forwarded-For entry (behind nginx). */
	trustProxy: false,
	/** MAX_MESSAGE_BYTES: a larger frame closes the connection (1009). */
	maxMessageBytes: 256 * 1024,
	/** MAX_TOPICS: topics one connection may hold (more closes it, 4001). */
	maxTopics: 64,
	/** MAX_TOPIC_LENGTH: longer topic names are malformed. */
	maxTopicLength: 256,
	/** MAX_CONNECTIONS_PER_IP: more connections from one address are closed (4004). */
	maxConnectionsPerIp: 64,
	/** MAX_CONNECTIONS: connections one node holds in all (more are closed, 1013). 0: no limit. */
	maxConnections: 0,
	/** MESSAGES_PER_SECOND and MESSAGE_BURST: a token bucket per connection (emptying it, 4002). */
	messagesPerSecond: 50,
	messageBurst: 500,
	/** IDLE_TIMEOUT_MS: a connection that sends nothing this long is closed (4005). */
	idleTimeoutMs: 120_000,
	/** TURN_SECRET (coturn's static-auth-secret), TURN_URLS and TURN_TTL (seconds). */
	turnSecret: '',
	turnUrls: [],
	turnTtl: 12 * 3600,
	/** LOG=quiet silences the log (tests); otherwise one JSON line per event on stdout. */
	log: true
});

/**
 * The configuration from `env`, over the defaults. Throws an Error naming the variable when a
 * value is not valid.
 * @param {Record<string, string | undefined>} env
 * @returns {SignalingConfig}
 */
export function readConfig(env = process.env) {
	/** @param {string} name @param {number} fallback @param {number} min @param {number} max */
	const int = (name, fallback, min, max) => {
		const raw = env[name];
		if (raw === undefined || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < min || value > max)
			throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
		return value;
	};
	/** @param {string} name */
	const list = (name) =>
		(env[name] ?? '')
			.split(',')
			.map((part) => part.trim())
			.filter(Boolean);

	const allowedOrigins = list('ALLOWED_ORIGINS');
	for (const origin of allowedOrigins)
		if (!/^https?:\/\/[^/]+$/.test(origin))
			throw new Error(`ALLOWED_ORIGINS holds "${origin}": give origins like https://koers.example`);
	const turnUrls = list('TURN_URLS');
	for (const url of turnUrls)
		if (!/^(turns?|stun):[^\s]+$/.test(url))
			throw new Error(`TURN_URLS holds "${url}": give URLs like turn:turn.example:3478`);
	const turnSecret = env.TURN_SECRET ?? '';
	if (turnSecret && turnUrls.length === 0)
		throw new Error('TURN_SECRET is set without TURN_URLS: give the TURN server URLs too');
	if (turnUrls.length && !turnSecret)
		throw new Error('TURN_URLS is set without TURN_SECRET (coturn static-auth-secret)');
	const redisUrl = env.REDIS_URL ?? '';
	if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
		throw new Error('REDIS_URL must start with redis:// or rediss://');

	return {
		port: int('SIGNALING_PORT', DEFAULTS.port, 0, 65535),
		host: env.HOST || DEFAULTS.host,
		redisUrl,
		redisPrefix: env.REDIS_PREFIX || DEFAULTS.redisPrefix,
		allowedOrigins,
		trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
		maxMessageBytes: int('MAX_MESSAGE_BYTES', DEFAULTS.maxMessageBytes, 1024, 64 * 1024 * 1024),
		maxTopics: int('MAX_TOPICS', DEFAULTS.maxTopics, 1, 100_000),
		maxTopicLength: int('MAX_TOPIC_LENGTH', DEFAULTS.maxTopicLength, 8, 4096),
		maxConnectionsPerIp: int('MAX_CONNECTIONS_PER_IP', DEFAULTS.maxConnectionsPerIp, 1, 10_000_000),
		maxConnections: int('MAX_CONNECTIONS', DEFAULTS.maxConnections, 0, 10_000_000),
		messagesPerSecond: int('MESSAGES_PER_SECOND', DEFAULTS.messagesPerSecond, 1, 1_000_000),
		messageBurst: int('MESSAGE_BURST', DEFAULTS.messageBurst, 1, 10_000_000),
		idleTimeoutMs: int('IDLE_TIMEOUT_MS', DEFAULTS.idleTimeoutMs, 1000, 86_400_000),
		turnSecret,
		turnUrls,
		turnTtl: int('TURN_TTL', DEFAULTS.turnTtl, 300, 7 * 86_400),
		log: env.LOG !== 'quiet'
	};
}
