// Preloaded (`node --import`) into the processes `npm start` runs, so they
// stop when `npm start` itself is gone (killed with -9, say) instead of
// running on as orphans that hold the port or the trainer lock.
const parent = Number(process.env.CHORUS_PARENT_PID);
if (parent > 0) {
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, "SIGTERM");
  }, 1000).unref();
}
