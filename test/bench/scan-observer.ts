/**
 * In-page probe for the scan-to-verdict bench. The fake camera's video carries a marker
 * (white top-left block while a code is shown, see test/fixtures/y4m.ts): a
 * requestVideoFrameCallback loop on the page's own <video> notes the presentation time of the
 * first frame of each code. When the page then shows a verdict element, the presentation time
 * of the frame that first showed its word (Element Timing, `elementtiming="verdict"` in the app)
 * minus the code's first presentation is one sample; where the page gives no Element Timing
 * (the jsQR baseline page), the time of the first task after that frame's paint (rAF, then a
 * task). The verdict is then dismissed the page's own way.
 *
 * Plain JavaScript in a string: functions handed to page.evaluate from tsx-compiled code carry
 * esbuild's `__name` helper, which does not exist in the page.
 */

/** What the probe watches and how it dismisses a verdict. */
export interface ProbeOptions {
  videoSelector: string;
  verdictSelector: string;
  /** 'click': click this selector inside the verdict; 'remove': remove the verdict element. */
  dismiss: { kind: 'click'; selector: string } | { kind: 'remove' };
}

/** Samples (ms from the first code frame presented to the verdict painted) and code segments seen. */
export interface ProbeState {
  samples: number[];
  segments: number;
  /**
   * Per sample, ms after the code's first frame: when the app marks its stages, when the verdict
   * reached the DOM (`dom`), when the frame that paints it began (`raf`), was presented (`shown`,
   * Element Timing) and the first task after its paint ran (`painted`: later than `shown` by the
   * tasks queued before it, the app's deferred work among them).
   */
  stages: Record<string, number | null>[];
}

/** The expression that installs the probe; read window.__scanProbe afterwards. */
export function probeScript(options: ProbeOptions): string {
  return `(() => {
  const options = ${JSON.stringify(options)};
  const state = { samples: [], segments: 0, stages: [] };
  window.__scanProbe = state;
  const video = document.querySelector(options.videoSelector);
  const context = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
  const corner = new Uint8Array(16 * 16 * 4);
  const rect = { x: 0, y: 0, width: 16, height: 16 };
  // Whether the frame on show carries the marker (16x16 at its top-left corner). Its pixels are
  // copied out of a VideoFrame (0.1 ms): drawing the video on a canvas instead converts the whole
  // 1080p frame on the page's main thread, 11 ms a frame, a third of the thread at 30 fps, which
  // delayed the very app being measured. The draw stays for a frame whose pixels stay on the GPU.
  const lit = async () => {
    let frame = null;
    try { frame = new VideoFrame(video); } catch { frame = null; }
    try {
      const format = (frame && frame.format) || '';
      if (/^(I4|NV12)/.test(format) || /^(RGB|BGR)/.test(format)) {
        await frame.copyTo(corner, { rect });
        // Planar YUV: the luminance plane comes first; packed RGB: take green, every 4th byte.
        const planar = !/^(RGB|BGR)/.test(format);
        let sum = 0;
        for (let i = 0; i < 256; i++) sum += planar ? corner[i] : corner[i * 4 + 1];
        return sum / 256 > 128;
      }
    } finally {
      if (frame) frame.close();
    }
    context.drawImage(video, 0, 0, 16, 16, 0, 0, 1, 1);
    return context.getImageData(0, 0, 1, 1).data[0] > 128;
  };
  let previous = null;
  let codeStart = null;
  // Frames are looked at in order (each look is asynchronous), with the presentation time each had.
  let looked = Promise.resolve();
  const onFrame = (now, meta) => {
    const presented = meta.presentationTime;
    looked = looked.then(lit).then((code) => {
      if (code && previous === false) {
        state.segments++;
        codeStart = presented;
      }
      if (!code) codeStart = null;
      previous = code;
    }).catch((error) => { state.error = String(error); });
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  // When the frame that first showed the verdict's word was presented (Element Timing on the
  // app's elementtiming="verdict"): the verdict as the guard sees it.
  let shownAt = null;
  if (typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes?.includes('element')) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.identifier === 'verdict') shownAt = entry.renderTime || entry.loadTime;
    }).observe({ type: 'element' });
  }
  /** Resolves with the verdict's Element Timing time once it came (it is reported after the frame), or null after 1 s. */
  const shown = (since) => new Promise((resolve) => {
    const until = performance.now() + 1000;
    const poll = () => {
      if (shownAt !== null && shownAt >= since) return resolve(shownAt);
      if (performance.now() > until) return resolve(null);
      setTimeout(poll, 5);
    };
    poll();
  });
  let pending = false;
  new MutationObserver(() => {
    const verdict = document.querySelector(options.verdictSelector);
    if (!verdict || pending) return;
    pending = true;
    const domAt = performance.now();
    let rafAt = 0;
    // rAF runs just before the frame with the verdict is painted, after this frame's video
    // callbacks (so a code that showed up in this very frame is known); a task queued from
    // it runs after the paint (and after tasks queued before it: a late, conservative mark).
    requestAnimationFrame(() => {
      rafAt = performance.now();
      const start = codeStart;
      setTimeout(async () => {
      const painted = performance.now();
      const presented = await shown(domAt);
      if (start !== null) {
        // The sample: the code's first frame to the verdict's first frame, both as presented;
        // the task after the paint where the page gives no Element Timing.
        state.samples.push((presented ?? painted) - start);
        // The app's User Timing marks (src/app/services/scan-timing.ts), when present.
        const at = (name) => performance.getEntriesByName(name).at(-1);
        const decoded = at('gatecheck:decoded');
        if (decoded) {
          const t = (name) => Math.round((at(name)?.startTime ?? NaN) - start);
          state.stages.push({ frameAt: Math.round(decoded.detail.presentedAt - start), decodeMs: Math.round(decoded.detail.decodeMs),
            decoded: t('gatecheck:decoded'), checked: t('gatecheck:checked'), logged: t('gatecheck:logged'), verdict: t('gatecheck:verdict'), dom: Math.round(domAt - start), raf: Math.round(rafAt - start), shown: presented === null ? null : Math.round(presented - start), painted: Math.round(painted - start) });
        }
        codeStart = null; // one sample per code segment
      }
      if (options.dismiss.kind === 'click') verdict.querySelector(options.dismiss.selector)?.click();
      else verdict.remove();
      pending = false;
      }, 0);
    });
  }).observe(document.body, { childList: true, subtree: true });
})()`;
}
