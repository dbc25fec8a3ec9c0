import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's Chromium where it exists (this project's machines and CI); Playwright's own browser
// elsewhere (`npx playwright install chromium`). CHROMIUM_PATH overrides both.
const executablePath =
	process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// E2E_PORT and KOERS_OUT let two runs share this machine: each serves its own build on its own port.
export const PORT = Number(process.env.E2E_PORT ?? 4180);
export const BUILD_DIR = process.env.KOERS_OUT
	? `.koers-out/${process.env.KOERS_OUT}/build`
	: 'build';
// Results and traces too: Playwright empties its output folder when a run starts.
const OUT = process.env.KOERS_OUT ? `.koers-out/${process.env.KOERS_OUT}/` : '';

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.e2e.ts',
	fullyParallel: true,
	forbidOnly: !!process.env.CI,
	retries: 0,
	workers: process.env.CI ? 2 : undefined,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	outputDir: `${OUT}test-results`,
	reporter: [['list'], ['json', { outputFile: `${OUT}reports/e2e.json` }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'retain-on-failure',
		locale: 'en-GB'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath,
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-quic',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--no-first-run',
						// A synthetic camera and microphone, allowed without a prompt, for recording tests.
						'--use-fake-device-for-media-stream',
						'--use-fake-ui-for-media-stream'
					]
				}
			}
		}
	],
	webServer: [
		{
			command: `npm run build && node scripts/serve.js`,
			env: { PORT: String(PORT), KOERS_DIR: BUILD_DIR },
			url: `http://127.0.0.1:${PORT}/`,
			reuseExistingServer: !process.env.CI,
			timeout: 180_000
		},
		{
			// The real signaling server, on loopback, for the sharing tests.
			command: 'node scripts/signaling.js',
			env: { SIGNALING_PORT: '4444' },
			url: 'http://127.0.0.1:4444/',
			reuseExistingServer: !process.env.CI,
			timeout: 30_000
		}
	]
});
