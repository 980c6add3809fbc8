// store.js - a value that components follow (useStore re-renders on change).
import { useLayoutEffect, useState } from 'preact/hooks';

export function createStore(value) {
  const listeners = new Set();
  return {
    get: () => value,
    set(next) {
      value = typeof next === 'function' ? next(value) : next;
      listeners.forEach((fn) => fn(value));
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export function useStore(store) {
  const seen = store.get();
  const [, setTick] = useState(0);
  useLayoutEffect(() => {
    const unsubscribe = store.subscribe(() => setTick((n) => n + 1));
    // a change between the render and the subscription (an answer that came
    // back at once) would otherwise be missed
    if (store.get() !== seen) setTick((n) => n + 1);
    return unsubscribe;
  }, [store]);
  return seen;
}
