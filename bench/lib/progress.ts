import { Presets, SingleBar } from 'cli-progress';

/**
 * A progress bar on stderr (stdout carries the table). Without a terminal it prints a line
 * every ten seconds instead of redrawing.
 */
export class Progress {
  private readonly bar: SingleBar;
  private readonly started = Date.now();

  constructor(title: string, total: number, unit = 'rows') {
    this.bar = new SingleBar(
      {
        format: `${title.padEnd(22)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | {duration_formatted} | ETA {eta_formatted}`,
        stream: process.stderr,
        noTTYOutput: !process.stderr.isTTY,
        notTTYSchedule: 10_000,
        hideCursor: true,
        etaBuffer: 100,
        barsize: 30,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0, { rate: '0' });
  }

  update(value: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    this.bar.update(value, { rate: seconds > 0 ? Math.round(value / seconds).toLocaleString('en') : '0' });
  }

  stop(): void {
    this.bar.stop();
  }
}

/** a status line on stderr */
export function say(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
