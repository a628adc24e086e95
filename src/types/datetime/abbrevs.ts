/**
 * Time zone abbreviations PostgreSQL 15 recognizes in date/time input with
 * its default timezone_abbreviations setting ('Default', from
 * share/timezonesets/Default). A number is a fixed offset in seconds EAST of
 * UTC, with 'D' marking a daylight-saving abbreviation; a string names the
 * zone whose history gives the abbreviation's offset at a given time.
 */
// prettier-ignore
export const ZONE_ABBREVIATIONS: ReadonlyMap<string, number | string> = new Map<string, number | string>([
  ['acdt', 37800], ['acsst', 37800], ['acst', 34200], ['act', -18000], ['acwst', 31500], ['adt', -10800],
  ['aedt', 39600], ['aesst', 39600], ['aest', 36000], ['aft', 16200], ['akdt', -28800], ['akst', -32400],
  ['almst', 25200], ['almt', 21600], ['amst', 'Asia/Yerevan'], ['amt', -14400], ['anast', 'Asia/Anadyr'],
  ['anat', 'Asia/Anadyr'], ['arst', 'America/Argentina/Buenos_Aires'],
  ['art', 'America/Argentina/Buenos_Aires'], ['ast', -14400], ['awsst', 32400], ['awst', 28800],
  ['azost', 0], ['azot', -3600], ['azst', 'Asia/Baku'], ['azt', 'Asia/Baku'], ['bdst', 7200], ['bdt', 21600],
  ['bnt', 28800], ['bort', 28800], ['bot', -14400], ['bra', -10800], ['brst', -7200], ['brt', -10800],
  ['bst', 3600], ['btt', 21600], ['cadt', 37800], ['cast', 34200], ['cct', 28800], ['cdt', -18000],
  ['cest', 7200], ['cet', 3600], ['cetdst', 7200], ['chadt', 49500], ['chast', 45900], ['chut', 36000],
  ['ckt', 'Pacific/Rarotonga'], ['clst', -10800], ['clt', 'America/Santiago'], ['cot', -18000],
  ['cst', -21600], ['cxt', 25200], ['davt', 'Antarctica/Davis'], ['ddut', 36000],
  ['easst', 'Pacific/Easter'], ['east', 'Pacific/Easter'], ['eat', 10800], ['edt', -14400], ['eest', 10800],
  ['eet', 7200], ['eetdst', 10800], ['egst', 0], ['egt', -3600], ['est', -18000], ['fet', 10800],
  ['fjst', 46800], ['fjt', 43200], ['fkst', 'Atlantic/Stanley'], ['fkt', 'Atlantic/Stanley'],
  ['fnst', -3600], ['fnt', -7200], ['galt', -21600], ['gamt', -32400], ['gest', 'Asia/Tbilisi'],
  ['get', 'Asia/Tbilisi'], ['gft', -10800], ['gilt', 43200], ['gmt', 0], ['gyt', 'America/Guyana'],
  ['hkt', 28800], ['hst', -36000], ['ict', 25200], ['idt', 10800], ['iot', 'Indian/Chagos'],
  ['irkst', 'Asia/Irkutsk'], ['irkt', 'Asia/Irkutsk'], ['irt', 12600], ['ist', 7200], ['jayt', 32400],
  ['jst', 32400], ['kdt', 36000], ['kgst', 21600], ['kgt', 'Asia/Bishkek'], ['kost', 'Pacific/Kosrae'],
  ['krast', 'Asia/Krasnoyarsk'], ['krat', 'Asia/Krasnoyarsk'], ['kst', 32400],
  ['lhdt', 'Australia/Lord_Howe'], ['lhst', 37800], ['ligt', 36000], ['lint', 'Pacific/Kiritimati'],
  ['lkt', 'Asia/Colombo'], ['magst', 'Asia/Magadan'], ['magt', 'Asia/Magadan'], ['mart', -34200],
  ['mawt', 'Antarctica/Mawson'], ['mdt', -21600], ['mest', 7200], ['mesz', 7200], ['met', 3600],
  ['metdst', 7200], ['mez', 3600], ['mht', 43200], ['mmt', 23400], ['mpt', 36000], ['msd', 14400],
  ['msk', 'Europe/Moscow'], ['mst', -25200], ['must', 18000], ['mut', 14400], ['mvt', 18000], ['myt', 28800],
  ['ndt', -9000], ['nft', -12600], ['novst', 'Asia/Novosibirsk'], ['novt', 'Asia/Novosibirsk'],
  ['npt', 20700], ['nst', -12600], ['nut', 'Pacific/Niue'], ['nzdt', 46800], ['nzst', 43200], ['nzt', 43200],
  ['omsst', 'Asia/Omsk'], ['omst', 'Asia/Omsk'], ['pdt', -25200], ['pet', -18000],
  ['petst', 'Asia/Kamchatka'], ['pett', 'Asia/Kamchatka'], ['pgt', 36000], ['pht', 28800], ['pkst', 21600],
  ['pkt', 18000], ['pmdt', -7200], ['pmst', -10800], ['pont', 39600], ['pst', -28800], ['pwt', 32400],
  ['pyst', -10800], ['pyt', 'America/Asuncion'], ['ret', 14400], ['sadt', 37800], ['sast', 7200],
  ['sct', 14400], ['sgt', 'Asia/Singapore'], ['taht', -36000], ['tft', 18000], ['tjt', 18000],
  ['tkt', 'Pacific/Fakaofo'], ['tmt', 'Asia/Ashgabat'], ['tot', 46800], ['trut', 36000], ['tvt', 43200],
  ['uct', 0], ['ulast', 32400], ['ulat', 'Asia/Ulaanbaatar'], ['ut', 0], ['utc', 0], ['uyst', -7200],
  ['uyt', -10800], ['uzst', 21600], ['uzt', 18000], ['vet', 'America/Caracas'],
  ['vlast', 'Asia/Vladivostok'], ['vlat', 'Asia/Vladivostok'], ['volt', 'Europe/Volgograd'], ['vut', 39600],
  ['wadt', 28800], ['wakt', 43200], ['wast', 25200], ['wat', 3600], ['wdt', 32400], ['wet', 0],
  ['wetdst', 3600], ['wft', 43200], ['wgst', -7200], ['wgt', -10800], ['xjt', 21600],
  ['yakst', 'Asia/Yakutsk'], ['yakt', 'Asia/Yakutsk'], ['yapt', 36000], ['yekst', 21600],
  ['yekt', 'Asia/Yekaterinburg'], ['z', 0], ['zulu', 0],
]);

/** The abbreviations marked 'D' (daylight-saving time) in the Default set. */
// prettier-ignore
export const DST_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'acdt', 'acsst', 'adt', 'aedt', 'aesst', 'akdt', 'almst', 'awsst', 'azost', 'bdst', 'brst', 'bst', 'cadt',
  'cdt', 'cest', 'cetdst', 'chadt', 'clst', 'edt', 'eest', 'eetdst', 'egst', 'fjst', 'fnst', 'idt', 'kdt',
  'kgst', 'mdt', 'mest', 'mesz', 'metdst', 'msd', 'must', 'ndt', 'nzdt', 'pdt', 'pkst', 'pmdt', 'pyst',
  'sadt', 'ulast', 'uyst', 'uzst', 'wadt', 'wdt', 'wetdst', 'wgst', 'yekst',
]);
