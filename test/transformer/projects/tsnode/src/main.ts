// Run by ts-node with the ts-patch compiler (test/transformer/tspc.test.ts): lambdas compiled on the fly.
import { LTSeq } from "ltseq";

const minAge = 18;
const people = LTSeq.fromRows([{ name: "Ann", age: 34 }, { name: "Bob", age: 17 }]);
people.filter((r) => r.age > minAge).select((r) => [r.name]).collect().then((rows) => console.log(JSON.stringify(rows)));
