/** A short message after an action, optionally with one action such as "Undo". */
export interface Toast {
	id: number;
	text: string;
	tone: 'info' | 'error';
	action?: { label: string; run: () => unknown };
}

/** The toast queue shown in a polite live region. */
class Toasts {
	#list = $state<Toast[]>([]);
	#next = 1;

	get list(): Toast[] {
		return this.#list;
	}

	/** Shows a toast for a few seconds (longer when it offers an action). */
	show(text: string, options: Partial<Pick<Toast, 'tone' | 'action'>> = {}): void {
		const toast: Toast = { id: this.#next++, text, tone: options.tone ?? 'info', ...options };
		this.#list = [...this.#list.slice(-2), toast];
		setTimeout(() => this.dismiss(toast.id), toast.action ? 8000 : 4000);
	}

	/** Removes a toast. */
	dismiss(id: number): void {
		this.#list = this.#list.filter((toast) => toast.id !== id);
	}
}

export const toasts = new Toasts();
