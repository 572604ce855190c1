import type { WidgetModel } from '../model/widget-model.ts';
import type { WidgetController } from '../shared/contract.ts';
import type { ViewModel } from '../ui/view-model.ts';

/** The commands behind the public JS API, in terms of the model and the view. */
export function createController(model: WidgetModel, view: ViewModel, unmount: () => void): WidgetController {
  return {
    open: () => view.open(),
    close: view.close,
    toggle: view.toggle,
    send(text) {
      // Sending from the host page should be visible: open the bubble's panel first.
      view.open();
      void model.sendMessage(String(text));
    },
    newConversation: model.newConversation,
    identify: model.identify,
    logout: model.logout,
    setInputs(inputs) {
      if (typeof inputs === 'object' && inputs !== null) model.setInputs(inputs);
    },
    destroy() {
      model.dispose();
      unmount();
    },
  };
}
