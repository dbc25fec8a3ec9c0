/** The kinds of learning activity a register recognises. */
export const ACTIVITY_TYPES = [
	'course',
	'congress',
	'peerConsultation',
	'eLearning',
	'selfStudy',
	'teaching',
	'publication',
	'other'
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Points-based registers count points or hours; output-based ones ask for a plan and reflection. */
export const REGISTER_MODELS = ['points', 'output'] as const;
export type RegisterModel = (typeof REGISTER_MODELS)[number];

export const REGISTER_UNITS = ['points', 'hours'] as const;
export type RegisterUnit = (typeof REGISTER_UNITS)[number];
