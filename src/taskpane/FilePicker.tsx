import { Button, Caption1 } from '@fluentui/react-components';
import { useRef } from 'react';

interface FilePickerProps {
  /** The button's words, also the name of the (hidden) file input. */
  label: string;
  hint: string;
  accept: string;
  multiple?: boolean;
  disabled: boolean;
  onFiles: (files: File[]) => void;
}

/** A button opening the file chooser (its input hidden), and a hint under it. */
export function FilePicker({ label, hint, accept, multiple = false, disabled, onFiles }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  const picked = (files: FileList | null) => {
    const list = files ? [...files] : [];
    // Emptied so that picking the same files again (after fixing one) reads them again.
    if (input.current) input.current.value = '';
    if (list.length > 0) onFiles(list);
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple={multiple}
        accept={accept}
        aria-label={label}
        style={{ display: 'none' }}
        onChange={(e) => picked(e.target.files)}
      />
      <div>
        <Button disabled={disabled} onClick={() => input.current?.click()}>
          {label}
        </Button>
      </div>
      <Caption1>{hint}</Caption1>
    </>
  );
}
