// Preloaded (`node --import`) into a process the bench times from outside, such as the CLI: on exit it
// writes the process's own CPU time and peak RSS to file descriptor 3, which the bench reads.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  writeSync(3, JSON.stringify({ cpuMs: (userCPUTime + systemCPUTime) / 1000, maxRssMb: maxRSS / 1024 }));
});
