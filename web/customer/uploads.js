// Photo uploads in progress: one row per file with a progress bar; a failed upload shows why and can be retried
// with the same clientId (the server then answers the original instead of storing a second copy).
import { t } from './i18n.js';

export class UploadList {
  #container;
  #client;

  constructor({ container, client }) {
    this.#container = container;
    this.#client = client;
  }

  add(file, clientId) {
    const row = document.createElement('div');
    row.className = 'upload';
    const label = document.createElement('span');
    label.textContent = t('uploading', { name: file.name });
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', t('uploading', { name: file.name }));
    row.append(label, bar);
    this.#container.append(row);
    const job = this.#client.uploadFile(file, {
      name: file.name,
      clientId,
      onProgress: ({ loaded, total }) => { bar.value = total > 0 ? Math.round((loaded / total) * 100) : 0; },
    });
    job.promise.then(
      () => row.remove(), // the file event shows the photo in the chat
      (err) => this.#failed(row, file, job.clientId, err),
    );
    return job;
  }

  #failed(row, file, clientId, err) {
    row.className = 'upload failed';
    const message = document.createElement('span');
    message.setAttribute('role', 'alert');
    message.textContent = t('uploadFailed', { name: file.name, reason: err.message ?? err.code });
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'chip';
    retry.textContent = t('retry');
    retry.addEventListener('click', () => { row.remove(); this.add(file, clientId); });
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'chip';
    dismiss.textContent = t('dismiss');
    dismiss.addEventListener('click', () => row.remove());
    row.replaceChildren(message, retry, dismiss);
    // Files over the limit or of a refused type will fail again: no retry for those.
    if (err.code === 'too_large' || err.code === 'unsupported_type' || err.status === 415 || err.status === 413) retry.remove();
  }
}
