import type { Messages } from './en';

/** Russian UI strings. Typed against en.ts, so a missing or extra key does not compile. */
export const ru: Messages = {
  'app.title': 'Видео в текст',
  'app.tagline': 'Превращает речь из видео и аудио в текст прямо в браузере.',
  'app.privacy': 'Файлы не покидают это устройство: звук извлекается и распознаётся локально.',
  'app.uiLanguage': 'Язык интерфейса',

  'file.heading': 'Файл',
  'file.drop': 'Перетащите сюда видео или аудио',
  'file.or': 'или',
  'file.choose': 'Выберите файл',
  'file.label': 'Видео- или аудиофайл',
  'file.selected': '{name} · {size}',
  'file.replace': 'Чтобы заменить файл, перетащите другой или выберите заново.',

  'options.heading': 'Распознавание',
  'options.model': 'Модель',
  'options.language': 'Язык речи',
  'options.language.auto': 'Определить автоматически',
  'options.task': 'Задача',
  'options.task.transcribe': 'Расшифровать (на языке оригинала)',
  'options.task.translate': 'Перевести на английский',
  'options.englishOnly': 'Эта модель понимает только английский.',
  'options.model.multilingual': 'многоязычная',
  'options.model.englishOnly': 'только английский',
  'options.model.test': 'тестовая модель',
  'options.model.size': '≈ {size}',
  'options.advanced': 'Дополнительно',
  'options.hub': 'Сервер моделей (Hugging Face Hub или зеркало)',
  'options.hub.invalid': 'Введите полный адрес, начиная с https:// или http://.',
  'options.hub.fromUrl': 'Задан адресом страницы (?hub=).',

  'actions.start': 'Распознать',
  'actions.cancel': 'Отменить',

  'stage.decode': 'Извлечение звука',
  'stage.load': 'Загрузка модели',
  'stage.transcribe': 'Распознавание речи',
  'progress.elapsed': 'прошло {time}',
  'progress.remaining': 'осталось около {time}',
  'progress.done': 'готово за {time}',

  'status.idle': 'Выберите файл, чтобы начать.',
  'status.ready': 'Всё готово: нажмите «Распознать».',
  'status.decoding': 'Извлекаем звуковую дорожку…',
  'status.loading': 'Загружаем модель…',
  'status.preparing': 'Готовим модель к работе…',
  'status.transcribing': 'Распознаём речь…',
  'status.languageDetected': 'Определён язык: {language}.',
  'status.done': 'Готово за {time}.',
  'status.cancelled': 'Отменено.',
  'status.failed': 'Остановлено из-за ошибки.',

  'stream.used': 'Звуковая дорожка {index} из {count}: {codec}, каналов: {channels}, {rate} Гц.',

  'warning.truncated':
    'Файл, похоже, обрезан или повреждён: удалось прочитать только {decoded} из {duration}. Текст получен для этой части.',

  'error.heading': 'Что-то пошло не так',
  'error.details': 'Технические подробности',
  'error.emptyFile': 'Файл пустой (0 байт). Выберите исходный файл ещё раз: возможно, копирование не завершилось.',
  'error.notMedia':
    'Этот файл не является видео- или аудиофайлом, который можно прочитать. Проверьте, тот ли файл выбран, или сконвертируйте его в MP4, WebM, MP3 или WAV.',
  'error.noAudio': 'В файле нет звуковой дорожки, поэтому распознавать нечего. Выберите файл со звуком.',
  'error.truncated': 'Файл повреждён или скачан не полностью. Скачайте или скопируйте его заново и повторите.',
  'error.unsupportedCodec':
    'Звук в этом файле записан в формате ({codec}), который приложение не умеет декодировать. Сконвертируйте файл в MP4 (AAC), WebM (Opus), MP3 или WAV.',
  'error.decodeFailed': 'Не удалось извлечь звук. Попробуйте другой файл или сконвертируйте этот в MP4 или WAV.',
  'error.outOfMemory':
    'Браузеру не хватило памяти. Закройте другие вкладки или разделите запись на части покороче.',
  'error.workerCrashed': 'Обработчик неожиданно остановился. Нажмите «Распознать», чтобы попробовать ещё раз.',
  'error.modelNotFound': 'Модель «{model}» не найдена на сервере моделей. Проверьте модель и адрес сервера.',
  'error.modelDownload':
    'Не удалось скачать модель. Проверьте подключение к интернету и адрес сервера моделей и повторите.',
  'error.modelUnsupported': 'Эту модель нельзя использовать здесь: {reason}.',
  'error.languageUnsupported': 'Модель не знает язык «{language}». Выберите другой язык или другую модель.',
  'error.transcribeFailed': 'Не удалось распознать речь. Повторите попытку или выберите модель поменьше.',

  'transcript.heading': 'Текст',
  'transcript.empty': 'Речь в этом файле не найдена.',
  'transcript.placeholder': 'Текст будет появляться здесь по частям, по мере распознавания.',
  'transcript.save': 'Сохранить как',
  'export.txt': 'TXT',
  'export.srt': 'Субтитры SRT',
  'export.vtt': 'Субтитры VTT',

  'pwa.isolated': 'Изоляция страницы включена: распознавание может работать в несколько потоков.',
  'pwa.notIsolated': 'Страница не изолирована: распознавание работает в одном потоке и медленнее.',
  'pwa.threads': 'Используется потоков: {count}.',
  'pwa.offlineReady': 'Приложение сохранено в браузере и откроется без сети.',
  'pwa.install': 'Установить приложение',
  'pwa.update': 'Вышла новая версия приложения.',
  'pwa.reload': 'Перезагрузить',
  'pwa.updateAfterJob': 'Перезагрузить можно будет, когда распознавание закончится.',

  'units.bytes': '{n} Б',
  'units.kilobytes': '{n} КБ',
  'units.megabytes': '{n} МБ',
  'units.gigabytes': '{n} ГБ',
};
