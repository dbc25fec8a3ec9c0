import { nowStamp } from '$lib/domain/dates';
import type { OutputYear, Register, RegisterFields } from '$lib/domain/pe/register';
import { saveEdit, type EditBase } from './edits';
import { emitDbEvent } from './events';
import { db } from './koers-db';

/** Every register, in the order they were added. */
export async function listRegisters(): Promise<Register[]> {
	const list = await db.registers.toArray();
	return list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** One register. */
export function getRegister(id: string): Promise<Register | undefined> {
	return db.registers.get(id);
}

/** Stores a new register and returns it. */
export async function createRegister(fields: RegisterFields): Promise<Register> {
	const stamp = nowStamp();
	const register: Register = {
		...fields,
		id: crypto.randomUUID(),
		createdAt: stamp,
		updatedAt: stamp
	};
	await db.registers.add(register);
	emitDbEvent('saved', { kind: 'register', id: register.id });
	return register;
}

/** Saves a register's edited rules (merged with changes made elsewhere since `edit.base`). */
export async function updateRegister(
	id: string,
	fields: RegisterFields,
	edit?: EditBase<Register>
): Promise<void> {
	await saveEdit(db.registers, id, fields, edit);
	emitDbEvent('saved', { kind: 'register', id });
}

/** Saves one year's plan and statement of an output-based register. */
export async function saveOutputYear(id: string, entry: OutputYear): Promise<void> {
	await db.transaction('rw', db.registers, async () => {
		const register = await db.registers.get(id);
		if (!register) throw new Error(`No register ${id}`);
		const outputYears = [...register.outputYears.filter((y) => y.year !== entry.year), entry].sort(
			(a, b) => a.year - b.year
		);
		await db.registers.put({ ...register, outputYears, updatedAt: nowStamp() });
	});
	emitDbEvent('saved', { kind: 'register', id });
}

/** Deletes a register and the credits activities had in it (the activities stay). */
export async function deleteRegister(id: string): Promise<void> {
	await db.transaction('rw', db.registers, db.peActivities, async () => {
		await db.registers.delete(id);
		await db.peActivities.toCollection().modify((activity) => {
			activity.credits = activity.credits.filter((credit) => credit.registerId !== id);
		});
	});
	emitDbEvent('deleted', { kind: 'register', id });
}
