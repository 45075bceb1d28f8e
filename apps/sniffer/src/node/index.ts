/**
 * The Node-only part of bip6-sniff (`@bip6/sniffer/node`): the CLI's `run()` with injectable
 * streams, live capture through dumpcap/tcpdump, the privilege-free listener on
 * bip6-socket's `NodeDatagramPort`, and the demo network on `::1` (bip6-transport).
 *
 * @packageDocumentation
 */
export { run, ExitCode, VERSION, type RunIo } from "./run.js";
export { LineWriter } from "./line-writer.js";
export {
  captureArguments,
  captureFailure,
  findCaptureTool,
  noToolMessage,
  startLiveCapture,
  LiveCaptureError,
  type LiveCaptureErrorCode,
  type CaptureTool,
  type LiveCapture,
} from "./live.js";
export { startListening, LISTEN_QUEUE_CAP, type Listener, type ListenOptions } from "./listen.js";
export {
  startDemo,
  DemoError,
  DEMO_DEVICES,
  DEMO_STEP_TIMEOUT_MS,
  type DemoErrorCode,
  type DemoNetwork,
  type DemoOptions,
} from "./demo/network.js";
