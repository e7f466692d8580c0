"""A progress bar for commands that start long work (stderr; a line per 10 % when not a terminal)."""

import sys
import time


class ProgressBar:
    def __init__(self, label='', total=0, stream=None, width=30):
        self.label, self.total, self.width = label, total, width
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, 'isatty') and self.stream.isatty()
        self.done, self._last_draw, self._last_decile = 0, 0.0, -1
        self.started = time.monotonic()

    def __call__(self, done, total=None, message=None):
        self.update(done, total, message)

    def update(self, done, total=None, message=None):
        self.done = done
        if total is not None:
            self.total = total
        if message:
            self.label = message
        now = time.monotonic()
        if self.tty:
            if now - self._last_draw >= 0.1 or (self.total and done >= self.total):
                self._draw()
                self._last_draw = now
        else:
            decile = int(10 * done / self.total) if self.total else 0
            if decile != self._last_decile:
                self._last_decile = decile
                self.stream.write(self._text() + '\n')
                self.stream.flush()

    def _text(self):
        if self.total:
            frac = min(1.0, self.done / self.total)
            filled = int(self.width * frac)
            bar = '#' * filled + '.' * (self.width - filled)
            return f'[{bar}] {frac * 100:5.1f}% {self.done}/{self.total} {self.label}'
        return f'[{"?" * 3}] {self.done} {self.label}'

    def _draw(self):
        self.stream.write('\r' + self._text()[:200])
        self.stream.flush()

    def close(self):
        if self.tty:
            self._draw()
            self.stream.write('\n')
            self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
