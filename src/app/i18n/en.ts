/**
 * English UI strings: the reference dictionary. Every key must also exist in ru.ts
 * (the type below and i18n.test.ts both check). `{name}` marks a value filled in at run time.
 */
export const en = {
  'app.title': 'Video to Text',
  'app.tagline': 'Turn speech in video and audio into text right in your browser.',
  'app.privacy': 'Your files never leave this device: decoding and recognition run locally.',
  'app.uiLanguage': 'Interface language',

  'file.heading': 'Media file',
  'file.drop': 'Drop a video or audio file here',
  'file.or': 'or',
  'file.choose': 'Choose a file',
  'file.label': 'Video or audio file',
  'file.selected': '{name} · {size}',
  'file.replace': 'Drop another file or choose again to replace it.',

  'options.heading': 'Recognition',
  'options.model': 'Model',
  'options.language': 'Spoken language',
  'options.language.auto': 'Detect automatically',
  'options.task': 'Task',
  'options.task.transcribe': 'Transcribe (keep the language)',
  'options.task.translate': 'Translate into English',
  'options.englishOnly': 'This model understands English only.',
  'options.model.multilingual': 'multilingual',
  'options.model.englishOnly': 'English only',
  'options.model.test': 'test model',
  'options.model.size': '≈ {size}',
  'options.advanced': 'Advanced',
  'options.hub': 'Model server (Hugging Face Hub or a mirror)',
  'options.hub.invalid': 'Enter a full address starting with https:// or http://.',
  'options.hub.fromUrl': 'Set by the page address (?hub=).',

  'actions.start': 'Transcribe',
  'actions.cancel': 'Cancel',

  'stage.decode': 'Extracting audio',
  'stage.load': 'Loading the model',
  'stage.transcribe': 'Recognising speech',
  'progress.elapsed': 'elapsed {time}',
  'progress.remaining': 'about {time} left',
  'progress.done': 'done in {time}',

  'status.idle': 'Choose a file to begin.',
  'status.ready': 'Ready: press “Transcribe”.',
  'status.decoding': 'Extracting the audio track…',
  'status.loading': 'Loading the model…',
  'status.preparing': 'Preparing the model…',
  'status.transcribing': 'Recognising speech…',
  'status.languageDetected': 'Detected language: {language}.',
  'status.done': 'Done in {time}.',
  'status.cancelled': 'Cancelled.',
  'status.failed': 'Stopped because of an error.',

  'stream.used': 'Audio track {index} of {count}: {codec}, {channels} ch, {rate} Hz.',

  'warning.truncated':
    'The file seems cut short or damaged: only {decoded} of {duration} could be read. The transcript covers that part.',

  'error.heading': 'Something went wrong',
  'error.details': 'Technical details',
  'error.emptyFile': 'The file is empty (0 bytes). Choose the original file again; the copy may not have finished.',
  'error.notMedia':
    'This file is not a video or audio file that can be read. Check that you chose the right file, or convert it to MP4, WebM, MP3 or WAV.',
  'error.noAudio': 'The file has no audio track, so there is no speech to recognise. Choose a file with sound.',
  'error.truncated':
    'The file is damaged or was not downloaded completely. Download or copy it again and retry.',
  'error.unsupportedCodec':
    'The audio in this file uses a format ({codec}) the app cannot decode. Convert the file to MP4 (AAC), WebM (Opus), MP3 or WAV.',
  'error.decodeFailed': 'The audio could not be extracted. Try another file or convert this one to MP4 or WAV.',
  'error.outOfMemory':
    'The browser ran out of memory. Close other tabs, or split the recording into shorter parts.',
  'error.workerCrashed': 'The processing engine stopped unexpectedly. Press “Transcribe” to try again.',
  'error.modelNotFound': 'The model “{model}” was not found on the model server. Check the model and the server address.',
  'error.modelDownload':
    'The model could not be downloaded. Check your internet connection and the model server address, then try again.',
  'error.modelUnsupported': 'This model cannot be used here: {reason}.',
  'error.languageUnsupported': 'The model does not know the language “{language}”. Choose another language or model.',
  'error.transcribeFailed': 'Speech recognition failed. Try again, or choose a smaller model.',

  'transcript.heading': 'Transcript',
  'transcript.empty': 'No speech was found in this file.',
  'transcript.placeholder': 'The text will appear here, piece by piece, as it is recognised.',
  'transcript.save': 'Save as',
  'export.txt': 'TXT',
  'export.srt': 'SRT subtitles',
  'export.vtt': 'VTT subtitles',

  'pwa.isolated': 'Cross-origin isolated: recognition may use several threads.',
  'pwa.notIsolated': 'Not cross-origin isolated: recognition runs in one thread, more slowly.',
  'pwa.threads': 'Threads in use: {count}.',
  'pwa.offlineReady': 'Saved in this browser: the app opens without a network.',
  'pwa.install': 'Install the app',
  'pwa.update': 'A new version of the app is available.',
  'pwa.reload': 'Reload',
  'pwa.updateAfterJob': 'You can reload once the transcription finishes.',

  'units.bytes': '{n} B',
  'units.kilobytes': '{n} KB',
  'units.megabytes': '{n} MB',
  'units.gigabytes': '{n} GB',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
