import { parentPort } from "node:worker_threads";
import { hashString } from "./lib/model/hash";
const x: number = hashString("abc");
parentPort!.postMessage(x);
