/** Running generation tasks: their stop flags, and the registry the stop endpoints consult. */

export type PauseResult = 'elapsed' | 'stopped' | 'disposed';

/** The stop flag of one task, and pauses that end early when it is stopped or the simulator is disposed. */
export class TaskControl {
  private stopRequested = false;
  private wake: (() => void) | undefined;

  constructor(private readonly disposed: AbortSignal) {}

  get isStopped(): boolean {
    return this.stopRequested;
  }

  requestStop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /** Waits `milliseconds`, or less when the task is stopped or the simulator disposed. */
  pause(milliseconds: number): Promise<PauseResult> {
    if (this.disposed.aborted) return Promise.resolve('disposed');
    if (this.stopRequested) return Promise.resolve('stopped');
    return new Promise((resolve) => {
      const finish = (result: PauseResult): void => {
        clearTimeout(timer);
        this.disposed.removeEventListener('abort', onDispose);
        this.wake = undefined;
        resolve(result);
      };
      const onDispose = (): void => finish('disposed');
      const timer = setTimeout(() => finish('elapsed'), Math.max(0, milliseconds));
      this.disposed.addEventListener('abort', onDispose, { once: true });
      this.wake = () => finish('stopped');
    });
  }

  /** Resolves when `event` settles or the simulator is disposed, whichever comes first. */
  until(event: Promise<void>): Promise<void> {
    if (this.disposed.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onDispose = (): void => resolve();
      this.disposed.addEventListener('abort', onDispose, { once: true });
      void event.then(() => {
        this.disposed.removeEventListener('abort', onDispose);
        resolve();
      });
    });
  }
}

/** Which stop endpoint can reach a task. */
export type TaskFamily = 'chat' | 'completion' | 'workflow';

export interface RunningTask {
  taskId: string;
  appKey: string;
  endUserId: string;
  family: TaskFamily;
  control: TaskControl;
}

/** The tasks currently generating, by task id. */
export class TaskRegistry {
  private readonly tasks = new Map<string, RunningTask>();

  add(task: RunningTask): void {
    this.tasks.set(task.taskId, task);
  }

  remove(taskId: string): void {
    this.tasks.delete(taskId);
  }

  /** How many generations are still running, which is what an app's owner pays for. */
  get size(): number {
    return this.tasks.size;
  }

  /**
   * Dify's stop: the flag is set only for a running task of this app and family whose owner is the caller
   * (workflow stops skip the owner check). Returns whether it was honoured.
   */
  stop(taskId: string, appKey: string, family: TaskFamily, callerEndUserId: string): boolean {
    const task = this.tasks.get(taskId);
    if (task === undefined || task.appKey !== appKey || task.family !== family) return false;
    if (family !== 'workflow' && task.endUserId !== callerEndUserId) return false;
    task.control.requestStop();
    return true;
  }
}
