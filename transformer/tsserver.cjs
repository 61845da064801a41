// `ltseq/tsserver`: the TypeScript language-service plugin (tsserver loads plugins with `require`,
// and calls the export with `{ typescript }`). The work is in the compiled hosts/language-service.js:
// editors see the transformer's TS910xx errors as they type. tsconfig.json:
//   "plugins": [{ "name": "ltseq/tsserver" }]
"use strict";
const { decorate } = require("../dist/cjs/transformer/src/hosts/language-service.js");

module.exports = function init(modules) {
  return { create: (info) => decorate(modules.typescript, info.languageService, info.config) };
};
