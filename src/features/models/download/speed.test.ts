import { describe, expect, it } from 'vitest';
import { SpeedMeter } from './speed';

describe('SpeedMeter', () => {
  it('measures over the window and predicts the time left', () => {
    const meter = new SpeedMeter(5000);
    expect(meter.bytesPerSecond()).toBeNull();
    meter.add(0, 0);
    meter.add(1000, 1_000_000);
    expect(meter.bytesPerSecond()).toBe(1_000_000);
    expect(meter.etaSeconds(1_000_000, 3_000_000)).toBe(2);
  });

  it('forgets samples older than the window', () => {
    const meter = new SpeedMeter(1000);
    meter.add(0, 0);
    meter.add(1000, 10_000_000); // a fast start
    meter.add(5000, 10_100_000);
    meter.add(5500, 10_200_000);
    expect(meter.bytesPerSecond()).toBe(200_000);
  });

  it('gives no ETA while nothing moves', () => {
    const meter = new SpeedMeter();
    meter.add(0, 5);
    meter.add(2000, 5);
    expect(meter.etaSeconds(5, 10)).toBeNull();
  });
});
