/**
 * Progress bars on stderr, one line per file (rows, bytes, rate) or per batch, redrawn in
 * place — only when stderr is a terminal: piped or redirected output gets nothing of the kind.
 */
export interface ProgressLine {
  /** bytes done, and rows (or items) done */
  update(bytes: number, rows: number): void;
  done(): void;
}

export interface Progress {
  /** a line for one input file of `size` bytes */
  file(name: string, size: number): ProgressLine;
  /** a line for a batch of `total` items (e.g. reports) */
  batch(name: string, total: number): ProgressLine;
}

interface Line {
  label: string;
  total: number;
  unit: "bytes" | "items";
  bytes: number;
  rows: number;
  started: number;
  finished: boolean;
}

const WIDTH = 24;

function human(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(0)} KB`;
  return `${n} B`;
}

function render(l: Line, now: number): string {
  const done = l.unit === "bytes" ? l.bytes : l.rows;
  const frac = l.total > 0 ? Math.min(1, done / l.total) : l.finished ? 1 : 0;
  const filled = Math.round(frac * WIDTH);
  const secs = Math.max((now - l.started) / 1000, 0.001);
  const bar = `[${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%`;
  const rate = l.unit === "bytes" ? `${Math.round(l.rows / secs).toLocaleString("en")} 行/秒` : `${(l.rows / secs).toFixed(1)} 个/秒`;
  const size = l.unit === "bytes" ? `${human(l.bytes)}/${human(l.total)}，` : `${l.rows}/${l.total}，`;
  const rows = l.unit === "bytes" ? `${l.rows.toLocaleString("en")} 行，` : "";
  return `${l.finished ? "✔" : "…"} ${l.label} ${bar} ${rows}${size}${rate}`;
}

/** A progress display on `stream` when it is a terminal (stderr by default); null otherwise. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress | null {
  if (!stream.isTTY) return null;
  const lines: Line[] = [];
  let drawn = 0;
  let last = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    let out = drawn > 0 ? `\x1b[${drawn}A` : "";
    for (const l of lines) out += `\r\x1b[2K${render(l, now)}\n`;
    drawn = lines.length;
    stream.write(out);
  };
  const add = (label: string, total: number, unit: Line["unit"]): ProgressLine => {
    const l: Line = { label, total, unit, bytes: 0, rows: 0, started: Date.now(), finished: false };
    lines.push(l);
    draw(true);
    return {
      update(bytes, rows) {
        l.bytes = bytes;
        l.rows = rows;
        draw(false);
      },
      done() {
        l.finished = true;
        if (l.unit === "bytes") l.bytes = l.total;
        draw(true);
      },
    };
  };
  return { file: (name, size) => add(name, size, "bytes"), batch: (name, total) => add(name, total, "items") };
}
