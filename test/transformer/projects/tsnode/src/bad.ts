// Must fail under ts-node: the transformer's error is a compile error (test/transformer/tspc.test.ts).
import { LTSeq } from "ltseq";

const double = (x: number) => x * 2;
LTSeq.fromRows([{ age: 1 }]).filter((r) => double(r.age) > 1);
