/**
 * Saves a Blob as a file the browser downloads: a Blob URL on a temporary link, revoked right
 * after. Never reaches the network. Used by every download button (pytest file, diagram).
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
