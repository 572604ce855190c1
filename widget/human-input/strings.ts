import type { FeatureStrings } from '../i18n/feature-strings.ts';

/** What a paused chatflow's form says, in every language (see FeatureStrings). */
export interface HumanInputStrings {
  title: string;
  sending: string;
  fileField: (label: string) => string;
  elsewhere: string;
  closed: { submitted: string; expired: string; gone: string };
  refused: string;
  notSent: string;
}

export const humanInputStrings = {
  en: {
    title: 'Your response is needed',
    sending: 'Sending…',
    fileField: (label: string) => `${label}: this form asks for a file, which can’t be sent from here.`,
    elsewhere: 'The app is waiting for a response that can’t be given here.',
    closed: {
      submitted: 'This form has already been answered.',
      expired: 'This form has expired.',
      gone: 'This form is no longer available.',
    },
    refused: 'Your response wasn’t accepted.',
    notSent: 'Your response couldn’t be sent.',
  },
  ar: {
    title: 'نحتاج إلى ردّك',
    sending: 'جارٍ الإرسال…',
    fileField: (label: string) => `${label}: يطلب هذا النموذج ملفًا لا يمكن إرساله من هنا.`,
    elsewhere: 'التطبيق بانتظار ردّ لا يمكن تقديمه من هنا.',
    closed: {
      submitted: 'تمت الإجابة عن هذا النموذج بالفعل.',
      expired: 'انتهت صلاحية هذا النموذج.',
      gone: 'لم يعد هذا النموذج متاحًا.',
    },
    refused: 'لم يُقبل ردّك.',
    notSent: 'تعذّر إرسال ردّك.',
  },
  de: {
    title: 'Ihre Rückmeldung wird benötigt',
    sending: 'Wird gesendet…',
    fileField: (label: string) => `${label}: Dieses Formular erfordert eine Datei, die von hier aus nicht gesendet werden kann.`,
    elsewhere: 'Die App wartet auf eine Rückmeldung, die hier nicht gegeben werden kann.',
    closed: {
      submitted: 'Dieses Formular wurde bereits beantwortet.',
      expired: 'Dieses Formular ist abgelaufen.',
      gone: 'Dieses Formular ist nicht mehr verfügbar.',
    },
    refused: 'Ihre Rückmeldung wurde nicht angenommen.',
    notSent: 'Ihre Rückmeldung konnte nicht gesendet werden.',
  },
  es: {
    title: 'Necesitamos su respuesta',
    sending: 'Enviando…',
    fileField: (label: string) => `${label}: este formulario solicita un archivo, que no se puede enviar desde aquí.`,
    elsewhere: 'La aplicación espera una respuesta que no se puede dar aquí.',
    closed: {
      submitted: 'Este formulario ya fue respondido.',
      expired: 'Este formulario expiró.',
      gone: 'Este formulario ya no está disponible.',
    },
    refused: 'No se aceptó su respuesta.',
    notSent: 'No se pudo enviar su respuesta.',
  },
  fa: {
    title: 'به پاسخ شما نیاز است',
    sending: 'در حال ارسال…',
    fileField: (label: string) => `${label}: این فرم یک فایل می‌خواهد که از اینجا نمی‌توان فرستاد.`,
    elsewhere: 'برنامه منتظر پاسخی است که از اینجا نمی‌توان داد.',
    closed: {
      submitted: 'به این فرم قبلاً پاسخ داده شده است.',
      expired: 'مهلت این فرم تمام شده است.',
      gone: 'این فرم دیگر در دسترس نیست.',
    },
    refused: 'پاسخ شما پذیرفته نشد.',
    notSent: 'پاسخ شما ارسال نشد.',
  },
  fr: {
    title: 'Votre réponse est requise',
    sending: 'Envoi en cours…',
    fileField: (label: string) => `${label}\u202f: ce formulaire demande un fichier, qu’il n’est pas possible d’envoyer depuis ce chat.`,
    elsewhere: 'L’application attend une réponse que vous ne pouvez pas donner ici.',
    closed: {
      submitted: 'Ce formulaire a déjà reçu une réponse.',
      expired: 'Ce formulaire a expiré.',
      gone: 'Ce formulaire n’est plus disponible.',
    },
    refused: 'Votre réponse n’a pas été acceptée.',
    notSent: 'Votre réponse n’a pas pu être envoyée.',
  },
  it: {
    title: 'È richiesta una sua risposta',
    sending: 'Invio in corso…',
    fileField: (label: string) => `${label}: questo modulo richiede un file, che non si può inviare da qui.`,
    elsewhere: 'L’app attende una risposta che non si può dare da qui.',
    closed: {
      submitted: 'Questo modulo ha già ricevuto una risposta.',
      expired: 'Questo modulo è scaduto.',
      gone: 'Questo modulo non è più disponibile.',
    },
    refused: 'La sua risposta non è stata accettata.',
    notSent: 'Non è stato possibile inviare la sua risposta.',
  },
  ja: {
    title: 'ご返答が必要です',
    sending: '送信中…',
    fileField: (label: string) => `${label}：このフォームではファイルが必要ですが、ここからは送信できません。`,
    elsewhere: 'アプリは、ここでは入力できない返答を待っています。',
    closed: {
      submitted: 'このフォームは送信済みです。',
      expired: 'このフォームは期限切れです。',
      gone: 'このフォームは利用できなくなりました。',
    },
    refused: '返答が受け付けられませんでした。',
    notSent: '返答を送信できませんでした。',
  },
  ko: {
    title: '응답이 필요합니다',
    sending: '보내는 중…',
    fileField: (label: string) => `${label}: 이 양식은 파일을 요청하지만 여기에서는 보낼 수 없습니다.`,
    elsewhere: '앱이 응답을 기다리고 있지만, 여기에서는 응답할 수 없습니다.',
    closed: {
      submitted: '이미 응답한 양식입니다.',
      expired: '만료된 양식입니다.',
      gone: '더 이상 사용할 수 없는 양식입니다.',
    },
    refused: '응답이 거부되었습니다.',
    notSent: '응답을 보내지 못했습니다.',
  },
  pt: {
    title: 'Precisamos da sua resposta',
    sending: 'Enviando…',
    fileField: (label: string) => `${label}: este formulário pede um arquivo, que não pode ser enviado daqui.`,
    elsewhere: 'O app está aguardando uma resposta que não pode ser dada aqui.',
    closed: {
      submitted: 'Este formulário já foi respondido.',
      expired: 'Este formulário expirou.',
      gone: 'Este formulário não está mais disponível.',
    },
    refused: 'Sua resposta não foi aceita.',
    notSent: 'Não foi possível enviar sua resposta.',
  },
  ru: {
    title: 'Нужен ваш ответ',
    sending: 'Отправка…',
    fileField: (label: string) => `${label}: эта форма запрашивает файл, а отправить его отсюда нельзя.`,
    elsewhere: 'Приложение ждёт ответа, который здесь дать нельзя.',
    closed: {
      submitted: 'На эту форму уже ответили.',
      expired: 'Срок действия формы истёк.',
      gone: 'Эта форма больше недоступна.',
    },
    refused: 'Ваш ответ не принят.',
    notSent: 'Не удалось отправить ваш ответ.',
  },
  'zh-Hans': {
    title: '需要您的回复',
    sending: '正在发送…',
    fileField: (label: string) => `${label}：此表单需要上传文件，但无法在此处提交。`,
    elsewhere: '应用正在等待回复，但无法在此处提交。',
    closed: {
      submitted: '此表单已提交。',
      expired: '此表单已过期。',
      gone: '此表单已不可用。',
    },
    refused: '您的回复未被接受。',
    notSent: '无法发送您的回复。',
  },
  'zh-Hant': {
    title: '需要您的回覆',
    sending: '傳送中…',
    fileField: (label: string) => `${label}：此表單需要上傳檔案，但無法從這裡傳送。`,
    elsewhere: '應用程式正在等待回覆，但無法在這裡提供。',
    closed: {
      submitted: '此表單已送出。',
      expired: '此表單已過期。',
      gone: '此表單已無法使用。',
    },
    refused: '您的回覆未被接受。',
    notSent: '無法傳送您的回覆。',
  },
} satisfies FeatureStrings<HumanInputStrings>;
