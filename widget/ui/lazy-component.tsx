import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Props a lazy component adds: called once its content is on screen (focus may move into it). */
export interface LazyProps {
  onShown?: () => void;
}

/**
 * A component whose code is fetched, as its own chunk, the first time it is rendered: for parts
 * most visitors never see, which would otherwise weigh on every chat's first load. It renders
 * nothing until the chunk has arrived; a failed fetch is tried again at the next mount.
 */
export function lazyComponent<Props extends object>(load: () => Promise<ComponentType<Props>>): ComponentType<Props & LazyProps> {
  let loaded: ComponentType<Props> | undefined;
  let pending: Promise<ComponentType<Props>> | undefined;
  return function LazyComponent({ onShown, ...props }: Props & LazyProps) {
    const [, setArrived] = useState(false);
    useEffect(() => {
      if (loaded) return undefined;
      let mounted = true;
      pending ??= load().then((component) => (loaded = component));
      pending.then(
        () => mounted && setArrived(true),
        () => (pending = undefined),
      );
      return () => {
        mounted = false;
      };
    }, []);
    const Loaded = loaded;
    useEffect(() => {
      if (Loaded) onShown?.();
    }, [Loaded]);
    return Loaded ? <Loaded {...(props as Props)} /> : null;
  };
}
