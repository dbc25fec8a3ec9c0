/**
 * Holds what a data channel (real or fake) queues until its sender waits for `bufferedamountlow`,
 * then lets it all go: the queue grows as far as the sender lets it, so a test sees the most a
 * sender ever queues. Records, for every send, the bytes sent before it and the queue after it.
 */
export function holdLine(channel: {
	bufferedAmount: number;
	bufferedAmountLowThreshold: number;
	send(data: Uint8Array<ArrayBuffer>): void;
	addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void;
	removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void;
	dispatchEvent(event: Event): boolean;
}) {
	const queued: { before: number; queue: number }[] = [];
	let carried = 0;
	let waiting = 0;
	const send = channel.send.bind(channel);
	channel.send = (data) => {
		channel.bufferedAmount += data.byteLength;
		queued.push({ before: carried, queue: channel.bufferedAmount });
		carried += data.byteLength;
		send(data);
	};
	const add = channel.addEventListener.bind(channel);
	const remove = channel.removeEventListener.bind(channel);
	channel.addEventListener = (type, listener) => {
		if (type === 'bufferedamountlow') waiting++;
		add(type, listener);
	};
	channel.removeEventListener = (type, listener) => {
		if (type === 'bufferedamountlow') waiting--;
		remove(type, listener);
	};
	const line = setInterval(() => {
		if (!waiting || channel.bufferedAmount <= channel.bufferedAmountLowThreshold) return;
		channel.bufferedAmount = 0;
		channel.dispatchEvent(new Event('bufferedamountlow'));
	}, 1);
	return {
		/** The largest queue seen by the sends before `split` bytes had gone (fresh) and after (warm). */
		largest: (split: number) => {
			const max = (queues: number[]) => Math.max(0, ...queues);
			return {
				fresh: max(queued.filter((q) => q.before < split).map((q) => q.queue)),
				warm: max(queued.filter((q) => q.before >= split).map((q) => q.queue)),
				sends: queued.length
			};
		},
		stop: () => clearInterval(line)
	};
}
