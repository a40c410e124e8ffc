/**
 * onnxruntime-node, loaded only through here so that its telemetry is off in every process the
 * project starts (CLI, companion and its worker, bench and test children). Its POSIX build
 * otherwise records device and session events in a database under the user's cache folder,
 * writes mat-debug-<pid>.log into the temp folder, and uploads to Microsoft's collector. The
 * switch is the ORT_DISABLE_TELEMETRY environment variable, read once when the runtime's
 * environment is created (the first session) and then latched for the process, so it is set
 * before the library is even loaded. A local, private tool does not phone home: it is forced on.
 */
process.env.ORT_DISABLE_TELEMETRY = '1';

export * from 'onnxruntime-node';
