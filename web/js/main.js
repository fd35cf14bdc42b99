// The playground's JavaScript: the editor, the engine worker's client and file helpers,
// bundled by esbuild into web/dist/bundle.js and exposed to the Rust page as `Binnacle`.

import { Editor } from "./editor.js";
import { Engine } from "./engine.js";
import { readDrop, readFiles, download, copyText } from "./files.js";
import { tokenize } from "./highlight.js";

window.Binnacle = { Editor, Engine, readDrop, readFiles, download, copyText, tokenize };
