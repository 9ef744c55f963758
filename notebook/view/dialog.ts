/**
 * A small modal dialog with a message and buttons, resolving with the chosen
 * button's value. Used for conflicts, restores and confirmations; keyboard
 * focus starts on the first button and Escape picks the last.
 */

export interface DialogButton<T> {
  label: string;
  value: T;
  testId: string;
  primary?: boolean;
}

/** A text field; `selectEnd` ends the pre-selected part (by default all of it is selected). */
export interface DialogTextField {
  value: string;
  testId: string;
  selectEnd?: number;
}

/** A labelled checkbox under the message, e.g. "Include outputs". */
export interface DialogCheckbox {
  label: string;
  checked: boolean;
  testId: string;
}

export function showDialog<T>(
  title: string,
  message: string,
  buttons: DialogButton<T>[],
  input?: DialogTextField,
  checkbox?: DialogCheckbox,
): Promise<{ value: T; text: string; checked: boolean }> {
  return new Promise((resolve) => {
    const backdrop = document.createElement('div');
    backdrop.className = 'dialog-backdrop';
    const dialog = document.createElement('div');
    dialog.className = 'dialog';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.dataset.testid = 'dialog';
    const heading = document.createElement('h2');
    heading.textContent = title;
    const text = document.createElement('p');
    text.textContent = message;
    dialog.append(heading, text);
    let field: HTMLInputElement | null = null;
    if (input) {
      field = document.createElement('input');
      field.value = input.value;
      field.dataset.testid = input.testId;
      dialog.append(field);
    }
    let box: HTMLInputElement | null = null;
    if (checkbox) {
      const label = document.createElement('label');
      label.className = 'dialog-checkbox';
      box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = checkbox.checked;
      box.dataset.testid = checkbox.testId;
      label.append(box, ` ${checkbox.label}`);
      dialog.append(label);
    }
    const row = document.createElement('div');
    row.className = 'dialog-buttons';
    const close = (value: T) => {
      backdrop.remove();
      resolve({ value, text: field?.value ?? '', checked: box?.checked ?? false });
    };
    for (const button of buttons) {
      const element = document.createElement('button');
      element.type = 'button';
      element.textContent = button.label;
      element.dataset.testid = button.testId;
      if (button.primary) element.classList.add('primary');
      element.addEventListener('click', () => close(button.value));
      row.append(element);
    }
    dialog.append(row);
    dialog.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Escape') close(buttons[buttons.length - 1]!.value);
      if (event.key === 'Enter' && field && document.activeElement === field) {
        close((buttons.find((b) => b.primary) ?? buttons[0]!).value);
      }
    });
    backdrop.append(dialog);
    document.body.append(backdrop);
    (field ?? row.querySelector('button'))?.focus();
    field?.setSelectionRange(0, input?.selectEnd ?? field.value.length);
  });
}

/** A short message at the bottom of the page that goes away by itself. */
export function showToast(message: string, kind: 'info' | 'error' = 'info'): void {
  const toast = document.createElement('div');
  toast.className = `toast toast-${kind}`;
  toast.dataset.testid = 'toast';
  toast.textContent = message;
  document.body.append(toast);
  setTimeout(() => toast.remove(), 6000);
}
