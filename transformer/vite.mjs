// ES-module entry of `ltseq/vite` (the plugin itself is compiled CommonJS): `import ltseq from "ltseq/vite"`.
import plugin from "../dist/cjs/transformer/src/hosts/vite.js";

export const ltseq = plugin.ltseq;
export default plugin.ltseq;
