/**
 * A one-line progress bar on a terminal stream (stderr), redrawn at most ten times a second; on a
 * stream that is not a terminal (CI logs) it prints a line per 10 %.
 */
export class ProgressBar {
  private done_ = 0;
  private lastDraw = 0;
  private lastDecile = -1;
  private readonly started = performance.now();

  private readonly stream: NodeJS.WriteStream;
  private readonly total: number;
  private readonly label: string;
  private readonly width: number;

  constructor(stream: NodeJS.WriteStream, total: number, label: string, width = 30) {
    this.stream = stream;
    this.total = total;
    this.label = label;
    this.width = width;
  }

  tick(n: number): void {
    this.done_ = Math.min(this.total, this.done_ + n);
    this.draw(false);
  }

  done(): void {
    this.done_ = this.total;
    this.draw(true);
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private draw(force: boolean): void {
    const fraction = this.total === 0 ? 1 : this.done_ / this.total;
    if (!this.stream.isTTY) {
      const decile = Math.floor(fraction * 10);
      if (decile === this.lastDecile) return;
      this.lastDecile = decile;
      this.stream.write(`${this.label}: ${Math.round(fraction * 100)} % (${this.done_}/${this.total} rows)\n`);
      return;
    }
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const filled = Math.round(fraction * this.width);
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.done_ / seconds) : 0;
    this.stream.write(
      `\r${this.label} [${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)} % ${this.done_}/${this.total} rows, ${rate} rows/s `,
    );
  }
}
