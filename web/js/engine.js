// The page's side of the engine worker: calls as promises, a copy of the chart's files so a
// restarted worker (after a runaway render or a crash) gets them back, and a watchdog.

export class Engine {
  constructor(url) {
    this.url = url;
    this.files = new Map();
    this.seq = 0;
    this.pending = new Map();
    this.start();
  }

  start() {
    this.worker = new Worker(this.url, { type: "module" });
    this.worker.onmessage = (e) => {
      const { id, ok, result, error, fatal } = e.data;
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      clearTimeout(p.timer);
      if (ok) p.resolve(result);
      else {
        p.reject(new Error(error));
        if (fatal) this.restart(`the engine stopped: ${error}`);
      }
    };
    this.worker.onerror = (e) => {
      const msg = `the engine failed to start: ${e.message || "unknown error"}`;
      for (const p of this.pending.values()) p.reject(new Error(msg));
      this.pending.clear();
      if (e.preventDefault) e.preventDefault();
    };
    const files = [...this.files].map(([path, data]) => ({ path, data }));
    if (files.length) this.call("reset", { files });
  }

  // Ends the worker (whatever it is doing) and starts a fresh one with the same files.
  restart(reason) {
    this.worker.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
    }
    this.start();
  }

  call(op, args, timeoutMs) {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const p = { resolve, reject, timer: 0 };
      if (timeoutMs) {
        p.timer = setTimeout(() => {
          this.restart(`stopped: the render took longer than ${Math.round(timeoutMs / 1000)} s`);
        }, timeoutMs);
      }
      this.pending.set(id, p);
      this.worker.postMessage({ id, op, args });
    });
  }

  reset(files) {
    this.files = new Map(files.map((f) => [f.path, f.data]));
    return this.call("reset", { files });
  }

  put(path, data) {
    this.files.set(path, data);
    return this.call("put", { path, data });
  }

  remove(path) {
    this.files.delete(path);
    return this.call("remove", { path });
  }

  render(request, timeoutMs) {
    return this.call("render", { request }, timeoutMs);
  }

  diff(oldText, newText) {
    return this.call("diff", { old: oldText, new: newText });
  }

  unpack(data) {
    return this.call("unpack", { data });
  }

  package() {
    return this.call("package", {});
  }

  stop() {
    this.restart("stopped");
  }
}
