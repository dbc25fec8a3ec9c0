// Counters and gauges of one node, written in the Prometheus text format (version 0.0.4).

/**
 * Why a message was dropped or a connection closed (the `reason` label).
 * @typedef {'malformed'|'too_big'|'rate'|'topics'|'idle'|'per_ip'|'full'|'origin'|'binary'|'slow'|'redis'} Reason
 */
/** @type {readonly Reason[]} */
export const REASONS = Object.freeze([
	'malformed',
	'too_big',
	'rate',
	'topics',
	'idle',
	'per_ip',
	'full',
	'origin',
	'binary',
	'slow',
	'redis'
]);

export class Metrics {
	connectionsTotal = 0;
	messagesReceived = 0;
	/** Publish messages accepted from clients. */
	published = 0;
	/** Frames sent to subscribers (one publish to n subscribers counts n). */
	relayed = 0;
	/** Publish messages that came from another node through Redis. */
	fromRedis = 0;
	turnIssued = 0;
	/** @type {Record<Reason, number>} */
	dropped = zeros();
	/** @type {Record<Reason, number>} */
	closed = zeros();

	/**
	 * The text for GET /metrics.
	 * @param {{ connections: number, topics: number, redis: number | null }} gauges
	 */
	text({ connections, topics, redis }) {
		const memory = process.memoryUsage();
		/** @type {string[]} */
		const lines = [];
		/** @param {string} name @param {'counter'|'gauge'} type @param {string} help @param {[string, number][]} samples */
		const add = (name, type, help, samples) => {
			lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
			for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
		};
		const byReason = (/** @type {Record<string, number>} */ counts) =>
			/** @type {[string, number][]} */ (
				Object.entries(counts).map(([reason, n]) => [`{reason="${reason}"}`, n])
			);
		add('koers_signaling_connections', 'gauge', 'Open WebSocket connections.', [['', connections]]);
		add('koers_signaling_connections_total', 'counter', 'Connections accepted.', [
			['', this.connectionsTotal]
		]);
		add('koers_signaling_topics', 'gauge', 'Topics with a subscriber on this node.', [
			['', topics]
		]);
		add('koers_signaling_messages_received_total', 'counter', 'Messages from clients.', [
			['', this.messagesReceived]
		]);
		add('koers_signaling_published_total', 'counter', 'Publish messages accepted.', [
			['', this.published]
		]);
		add('koers_signaling_relayed_total', 'counter', 'Messages sent to subscribers.', [
			['', this.relayed]
		]);
		add('koers_signaling_redis_received_total', 'counter', 'Publishes from other nodes.', [
			['', this.fromRedis]
		]);
		add('koers_signaling_dropped_total', 'counter', 'Messages dropped, by reason.', [
			...byReason(this.dropped)
		]);
		add('koers_signaling_closed_total', 'counter', 'Connections closed by a limit.', [
			...byReason(this.closed)
		]);
		add('koers_signaling_turn_credentials_total', 'counter', 'TURN credentials issued.', [
			['', this.turnIssued]
		]);
		if (redis !== null)
			add('koers_signaling_redis_up', 'gauge', '1 while the Redis connections are ready.', [
				['', redis]
			]);
		add('process_resident_memory_bytes', 'gauge', 'Resident memory.', [['', memory.rss]]);
		add('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use.', [['', memory.heapUsed]]);
		return lines.join('\n') + '\n';
	}
}

/** @returns {Record<Reason, number>} */
function zeros() {
	return /** @type {Record<Reason, number>} */ (Object.fromEntries(REASONS.map((r) => [r, 0])));
}
