// Files in and out of the page: drops (files, folders, archives), file pickers, downloads.

// Most files and bytes a drop may bring in (a folder with node_modules, say, is refused).
const MAX_FILES = 10000;
const MAX_BYTES = 100 * 1024 * 1024;

async function readFile(file) {
  return new Uint8Array(await file.arrayBuffer());
}

function entryFile(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function readEntries(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

class Budget {
  constructor() {
    this.files = 0;
    this.bytes = 0;
  }
  take(size) {
    this.files += 1;
    this.bytes += size;
    if (this.files > MAX_FILES) throw new Error(`too many files (more than ${MAX_FILES})`);
    if (this.bytes > MAX_BYTES) throw new Error(`too large (more than ${MAX_BYTES / 1048576} MiB)`);
  }
}

async function walk(entry, prefix, out, budget) {
  if (entry.isFile) {
    const f = await entryFile(entry);
    budget.take(f.size);
    out.push({ path: prefix + entry.name, data: await readFile(f) });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await readEntries(reader);
      if (!batch.length) break;
      for (const e of batch) await walk(e, `${prefix}${entry.name}/`, out, budget);
    }
  }
}

// The files of a drop: [{ path, data: Uint8Array }], folder paths included.
export async function readDrop(dataTransfer) {
  const out = [];
  const budget = new Budget();
  const entries = [];
  for (const item of dataTransfer.items || []) {
    const e = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    if (e) entries.push(e);
  }
  if (entries.length) {
    for (const e of entries) await walk(e, "", out, budget);
    return out;
  }
  return readFiles(dataTransfer.files);
}

// The files of an <input type=file> (with `webkitdirectory`, paths include the folder).
export async function readFiles(fileList) {
  const out = [];
  const budget = new Budget();
  // A FileList is live: the page clears its input right after this call starts.
  for (const f of Array.from(fileList || [])) {
    budget.take(f.size);
    out.push({ path: f.webkitRelativePath || f.name, data: await readFile(f) });
  }
  return out;
}

export function download(name, data, mime) {
  const blob = new Blob([data], { type: mime || "application/octet-stream" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
