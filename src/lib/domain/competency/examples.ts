import type { Competency } from './framework';
import type { FrameworkDraft } from './import';
import { defaultLevels } from './framework';

/**
 * Example frameworks written by the Koers project (not by any register or school), offered to
 * start with and marked as examples. Text in both languages; the learner's language is used.
 */
type Entry = [
	code: string,
	en: string,
	nl: string,
	enText: string,
	nlText: string,
	parent?: string
];

const SIX_ELEMENTS: Entry[] = [
	[
		'1',
		'What: where my learning comes from',
		'Wat: waar mijn leren vandaan komt',
		'I can say whether a goal comes from my job, a professional norm or my own ambition.',
		'Ik kan zeggen of een doel voortkomt uit mijn functie, een beroepsnorm of mijn eigen ambitie.'
	],
	[
		'2',
		'Why: the reason and the moment',
		'Waarom: de reden en het moment',
		'I can name why I learn this now: an existing task, an innovation or retraining, and my moment of need.',
		'Ik kan benoemen waarom ik dit nu leer: een bestaande taak, een vernieuwing of omscholing, en mijn leermoment.'
	],
	[
		'3',
		'Where: in or outside the work',
		'Waar: in of buiten het werk',
		'I choose where I learn best, in the work process or outside it, and use that place.',
		'Ik kies waar ik het beste leer, in het werkproces of daarbuiten, en benut die plek.'
	],
	[
		'4',
		'How: directing my learning',
		'Hoe: mijn leren sturen',
		'I direct my own learning and choose how I show what I learned.',
		'Ik stuur mijn eigen leren en kies hoe ik laat zien wat ik heb geleerd.'
	],
	[
		'5',
		'Who: my pace and what I master',
		'Wie: mijn tempo en wat ik al beheers',
		'I know my pace and build on what I already master.',
		'Ik ken mijn tempo en bouw voort op wat ik al beheers.'
	],
	[
		'6',
		'With whom: learning with others',
		'Met wie: leren met anderen',
		'I decide when I learn alone, with a coach or in a group, and ask for feedback.',
		'Ik bepaal wanneer ik alleen, met een coach of in een groep leer, en vraag om feedback.'
	]
];

const PROFESSIONAL_SKILLS: Entry[] = [
	[
		'C',
		'Communication',
		'Communicatie',
		'Making yourself understood and understanding others.',
		'Jezelf begrijpelijk maken en anderen begrijpen.'
	],
	[
		'C1',
		'Giving and receiving feedback',
		'Feedback geven en ontvangen',
		'I give specific, kind feedback and ask for it myself.',
		'Ik geef concrete, vriendelijke feedback en vraag er zelf om.',
		'C'
	],
	[
		'C2',
		'Listening',
		'Luisteren',
		'I listen to understand, summarise and ask on.',
		'Ik luister om te begrijpen, vat samen en vraag door.',
		'C'
	],
	[
		'C3',
		'Presenting',
		'Presenteren',
		'I present a message clearly to a group.',
		'Ik breng een boodschap helder over aan een groep.',
		'C'
	],
	[
		'T',
		'Collaboration',
		'Samenwerken',
		'Working towards a shared result.',
		'Werken aan een gezamenlijk resultaat.'
	],
	[
		'T1',
		'Working in a team',
		'Werken in een team',
		'I keep agreements and share what I know.',
		'Ik kom afspraken na en deel wat ik weet.',
		'T'
	],
	[
		'T2',
		'Asking for help',
		'Om hulp vragen',
		'I ask for help in time and say what I need.',
		'Ik vraag op tijd om hulp en zeg wat ik nodig heb.',
		'T'
	],
	[
		'S',
		'Self-direction',
		'Zelfsturing',
		'Steering your own development.',
		'Je eigen ontwikkeling sturen.'
	],
	[
		'S1',
		'Setting goals',
		'Doelen stellen',
		'I set goals with clear success criteria.',
		'Ik stel doelen met duidelijke succescriteria.',
		'S'
	],
	[
		'S2',
		'Planning',
		'Plannen',
		'I plan my learning and keep to it, or adjust.',
		'Ik plan mijn leren en houd me eraan, of stel bij.',
		'S'
	],
	[
		'S3',
		'Reflecting',
		'Reflecteren',
		'I look back on what I did and draw lessons from it.',
		'Ik kijk terug op wat ik deed en trek er lessen uit.',
		'S'
	],
	[
		'P',
		'Professional conduct',
		'Professioneel handelen',
		'Acting as a professional in your field.',
		'Handelen als professional in je vak.'
	],
	[
		'P1',
		'Ethics and integrity',
		'Ethiek en integriteit',
		'I recognise ethical questions and act with care.',
		'Ik herken ethische vragen en handel zorgvuldig.',
		'P'
	],
	[
		'P2',
		'Keeping up to date',
		'Bijblijven',
		'I keep my knowledge and skills current.',
		'Ik houd mijn kennis en vaardigheden actueel.',
		'P'
	],
	[
		'D',
		'Digital skills',
		'Digitale vaardigheden',
		'Working safely and well with digital tools.',
		'Veilig en goed werken met digitale middelen.'
	],
	[
		'D1',
		'Finding and judging information',
		'Informatie vinden en beoordelen',
		'I find reliable sources and judge their quality.',
		'Ik vind betrouwbare bronnen en beoordeel hun kwaliteit.',
		'D'
	],
	[
		'D2',
		'Privacy and security',
		'Privacy en veiligheid',
		'I protect personal data, mine and others’.',
		'Ik bescherm persoonsgegevens, van mezelf en van anderen.',
		'D'
	]
];

function competencies(entries: Entry[], locale: 'en' | 'nl'): Competency[] {
	return entries.map(([code, en, nl, enText, nlText, parent]) => ({
		id: code,
		code,
		title: locale === 'nl' ? nl : en,
		description: locale === 'nl' ? nlText : enText,
		parentId: parent ?? null
	}));
}

export const EXAMPLE_IDS = ['six-elements', 'professional-skills'] as const;
export type ExampleId = (typeof EXAMPLE_IDS)[number];

/** An example framework in the learner's language. */
export function exampleFramework(id: ExampleId, locale: 'en' | 'nl'): FrameworkDraft {
	const nl = locale === 'nl';
	if (id === 'six-elements') {
		return {
			title: nl
				? 'Zes elementen van gepersonaliseerd leren (voorbeeld)'
				: 'Six elements of personalised learning (example)',
			description: nl
				? 'Een reflectiekader naar de zes elementen (Peeters, Kengen & Driesen, 2020), geschreven door Koers als voorbeeld.'
				: 'A reflection frame after the six elements (Peeters, Kengen & Driesen, 2020), written by Koers as an example.',
			source: 'example',
			sourceId: id,
			levels: defaultLevels(locale),
			competencies: competencies(SIX_ELEMENTS, locale)
		};
	}
	return {
		title: nl ? 'Professionele vaardigheden (voorbeeld)' : 'Professional skills (example)',
		description: nl
			? 'Algemene vaardigheden voor elk vak, geschreven door Koers als voorbeeld. Pas ze aan of maak je eigen kader.'
			: 'General skills for any profession, written by Koers as an example. Adapt them or make your own framework.',
		source: 'example',
		sourceId: id,
		levels: defaultLevels(locale),
		competencies: competencies(PROFESSIONAL_SKILLS, locale)
	};
}
