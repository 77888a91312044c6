// Where the sequence chart looks while events keep coming ("Follow"): as long as the whole trace can still be
// drawn with labels and the user has not zoomed or scrolled since the last fit, the view is fitted again so the
// first events stay in sight; after that it keeps its scale and scrolls so the newest events are at the bottom.
import type { ChartModel } from './chart-model';
import { ChartView, DETAIL_LIMIT, fitView, HEADER_HEIGHT } from './chart-render';

export interface FollowState {
  /** True from a fit (the Fit button, a new boot, a filter) until the user zooms or scrolls. */
  fitted: boolean;
}

/** Moves `view` to follow the newest events of `model`. */
export function followView(model: ChartModel, view: ChartView, state: FollowState): void {
  if (state.fitted && model.visible.length <= DETAIL_LIMIT) {
    fitView(model, view);
    return;
  }
  const plot = view.height - HEADER_HEIGHT - 16;
  const end = view.mode === 'time' ? model.span[1] : model.visible.length;
  const bottom = view.start + plot * view.unitsPerPixel;
  if (end > bottom) view.start = end - plot * view.unitsPerPixel;
}
