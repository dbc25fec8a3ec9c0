import type { IsoDate } from '../dates';
import type { Category, RegisterFields } from './register';

/** A starting point for a register; every rule stays editable. */
export interface RegisterTemplate {
	id: string;
	name: string;
	fields: (today: IsoDate) => RegisterFields;
}

/** When these templates were written down from the registers' published rules. */
const CHECKED_ON = '2026-11-22';

const category = (
	id: string,
	name: string,
	rules: Partial<Pick<Category, 'min' | 'max' | 'minShare'>> = {}
): Category => ({ id, name, min: null, max: null, minShare: null, ...rules });

function base(today: IsoDate, overrides: Partial<RegisterFields>): RegisterFields {
	return {
		name: '',
		templateId: null,
		model: 'points',
		unit: 'points',
		unitsPerHour: 1,
		cycleYears: 5,
		cycleStart: `${today.slice(0, 4)}-01-01`,
		registeredOn: null,
		required: null,
		perYearMinimum: null,
		categories: [],
		source: '',
		checkedOn: null,
		notes: '',
		outputYears: [],
		...overrides
	};
}

/** The registers Koers knows, each citing its source; the learner checks the current rules. */
export const REGISTER_TEMPLATES: readonly RegisterTemplate[] = [
	{
		id: 'vv',
		name: 'Kwaliteitsregister V&V',
		fields: (today) =>
			base(today, {
				name: 'Kwaliteitsregister V&V',
				templateId: 'vv',
				required: 184,
				categories: [
					category('accredited', 'Geaccrediteerd', { min: 80 }),
					category('other', 'Overig')
				],
				source:
					'V&V Kwaliteitsregister, herregistratie-eisen: 184 punten in 5 jaar, waarvan minimaal 80 geaccrediteerd (venvn.nl)',
				checkedOn: CHECKED_ON
			})
	},
	{
		id: 'nova',
		name: 'NOvA (advocaten)',
		fields: (today) =>
			base(today, {
				name: 'NOvA – permanente opleiding',
				templateId: 'nova',
				cycleYears: 1,
				required: 20,
				perYearMinimum: 20,
				categories: [
					category('ownField', 'Eigen rechtsgebied', { minShare: 0.5 }),
					category('other', 'Overig')
				],
				source:
					'Nederlandse Orde van Advocaten, Verordening op de advocatuur: minimaal 20 PO-punten per kalenderjaar, waarvan ten minste de helft op het eigen rechtsgebied (advocatenorde.nl)',
				checkedOn: CHECKED_ON
			})
	},
	{
		id: 'nip-ag',
		name: 'NIP Arbeid & Gezondheid',
		fields: (today) =>
			base(today, {
				name: 'NIP Arbeid & Gezondheid',
				templateId: 'nip-ag',
				categories: [
					category('knowledge', 'Kennisontwikkeling (punten)', { min: 40 }),
					category('intervision', 'Intervisie (uren)', { min: 40 })
				],
				source:
					'NIP, herregistratie-eisen Arbeid & Gezondheid: minimaal 40 punten kennisontwikkeling en 40 uur intervisie in 5 jaar (psynip.nl)',
				checkedOn: CHECKED_ON
			})
	},
	{
		id: 'rgs-gp',
		name: 'RGS huisartsen',
		fields: (today) =>
			base(today, {
				name: 'RGS – huisarts',
				templateId: 'rgs-gp',
				unit: 'hours',
				required: 200,
				categories: [category('accredited', 'Geaccrediteerde nascholing', { min: 200 })],
				source:
					'RGS (KNMG), herregistratie huisarts: 200 uur geaccrediteerde deskundigheidsbevordering in 5 jaar (knmg.nl)',
				checkedOn: CHECKED_ON
			})
	},
	{
		id: 'vaktherapie',
		name: 'Register Vaktherapie',
		fields: (today) =>
			base(today, {
				name: 'Register Vaktherapie',
				templateId: 'vaktherapie',
				required: 200,
				source:
					'Register Vaktherapie, herregistratie: 200 punten in 5 jaar (registervaktherapie.nl)',
				checkedOn: CHECKED_ON
			})
	},
	{
		id: 'nba',
		name: 'NBA (accountants), outputgericht',
		fields: (today) =>
			base(today, {
				name: 'NBA – permanente educatie',
				templateId: 'nba',
				model: 'output',
				cycleYears: 1,
				source:
					'NBA, Verordening op de permanente educatie: per jaar een plan met leerdoelen, activiteiten met reflectie, en een nalevingsverklaring vóór 1 februari (nba.nl)',
				checkedOn: CHECKED_ON
			})
	},
	{ id: 'blank', name: '', fields: (today) => base(today, {}) }
];

/** A template by id. */
export function registerTemplate(id: string): RegisterTemplate | undefined {
	return REGISTER_TEMPLATES.find((template) => template.id === id);
}
