/** REST shapes of /bisect (includes/REST/Bisect_Controller.php): only what the server sends or takes. */

export type BisectVerdict = 'fail' | 'pass';

export type BisectTestName =
	'no-answer' | 'status' | 'fatal' | 'time' | 'contains' | 'lacks' | 'memory';

export interface BisectSymptom {
	url: string;
	method: 'GET' | 'POST';
	body: string;
	logged_in: boolean;
	timeout: number;
	tests: {
		status: boolean;
		fatal: boolean;
		slower_than: number | null;
		contains: string;
		lacks: string;
		memory_over_mb: number | null;
	};
}

export interface BisectProbe {
	verdict: BisectVerdict;
	failed: BisectTestName[];
	status: number | null;
	time: number;
	error: string | null;
	timed_out: boolean;
	accepted: boolean;
	fatal: { message: string; file: string; line: number } | null;
	peak_memory: number | null;
	log: string[];
}

export interface BisectObservation {
	set: string[];
	verdict: BisectVerdict;
	source: 'probe' | 'admin';
	at: number;
	probe: BisectProbe | null;
}

export interface BisectSession {
	id: string;
	mode: 'auto' | 'guided';
	created_at: number;
	updated_at: number;
	expires_at: number;
	symptom: BisectSymptom | null;
	check_url: string | null;
	candidates: string[];
	suspects: string[];
	must_keep: string[];
	repeats: number;
	pending: string[] | null;
	observations: BisectObservation[];
}

export interface BisectCandidate {
	id: string;
	name: string;
	kind: 'plugin' | 'theme';
	network: boolean;
	suspect: 'fatal' | 'updated' | null;
	suspect_at: number | null;
}

export interface BisectState {
	session: BisectSession | null;
	candidates: BisectCandidate[];
	deactivated: string[];
}

export interface BisectStart {
	mode: 'auto' | 'guided';
	candidates: string[];
	must_keep: string[];
	repeats: number;
	check_url: string;
	symptom: BisectSymptom;
}
