// Runs a command as a child and kills it as soon as our stdin closes, i.e.
// when the process that started us is gone, however it died (even SIGKILL,
// when no exit handler of its own can run). Usage:
//   node orphan-guard.mjs <command> [args...]   (stdin must be a pipe)
import { spawn } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
const stop = () => {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"])
  process.on(signal, () => {
    stop();
    process.exit(1);
  });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
