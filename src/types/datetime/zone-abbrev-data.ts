/**
 * Present-day abbreviations of IANA zones (from the IANA data as PostgreSQL 15
 * prints them), keyed by ICU's canonical zone name: "zone offset=ABBR ...",
 * offsets in seconds east. Zones whose abbreviations are numeric ('+04') are
 * absent; those are derived from the offset.
 */
// prettier-ignore
export const ZONE_ABBREV_DATA = `
Africa/Abidjan 0=GMT
Africa/Accra 0=GMT
Africa/Addis_Ababa 10800=EAT
Africa/Algiers 3600=CET
Africa/Asmera 10800=EAT
Africa/Bamako 0=GMT
Africa/Bangui 3600=WAT
Africa/Banjul 0=GMT
Africa/Bissau 0=GMT
Africa/Blantyre 7200=CAT
Africa/Brazzaville 3600=WAT
Africa/Bujumbura 7200=CAT
Africa/Cairo 7200=EET 10800=EEST
Africa/Ceuta 3600=CET 7200=CEST
Africa/Conakry 0=GMT
Africa/Dakar 0=GMT
Africa/Dar_es_Salaam 10800=EAT
Africa/Djibouti 10800=EAT
Africa/Douala 3600=WAT
Africa/Freetown 0=GMT
Africa/Gaborone 7200=CAT
Africa/Harare 7200=CAT
Africa/Johannesburg 7200=SAST
Africa/Juba 7200=CAT
Africa/Kampala 10800=EAT
Africa/Khartoum 7200=CAT
Africa/Kigali 7200=CAT
Africa/Kinshasa 3600=WAT
Africa/Lagos 3600=WAT
Africa/Libreville 3600=WAT
Africa/Lome 0=GMT
Africa/Luanda 3600=WAT
Africa/Lubumbashi 7200=CAT
Africa/Lusaka 7200=CAT
Africa/Malabo 3600=WAT
Africa/Maputo 7200=CAT
Africa/Maseru 7200=SAST
Africa/Mbabane 7200=SAST
Africa/Mogadishu 10800=EAT
Africa/Monrovia 0=GMT
Africa/Nairobi 10800=EAT
Africa/Ndjamena 3600=WAT
Africa/Niamey 3600=WAT
Africa/Nouakchott 0=GMT
Africa/Ouagadougou 0=GMT
Africa/Porto-Novo 3600=WAT
Africa/Sao_Tome 0=GMT
Africa/Tripoli 7200=EET
Africa/Tunis 3600=CET
Africa/Windhoek 7200=CAT
America/Adak -36000=HST -32400=HDT
America/Anchorage -32400=AKST -28800=AKDT
America/Anguilla -14400=AST
America/Antigua -14400=AST
America/Aruba -14400=AST
America/Bahia_Banderas -21600=CST
America/Barbados -14400=AST
America/Belize -21600=CST
America/Blanc-Sablon -14400=AST
America/Boise -25200=MST -21600=MDT
America/Cambridge_Bay -25200=MST -21600=MDT
America/Cancun -18000=EST
America/Cayman -18000=EST
America/Chicago -21600=CST -18000=CDT
America/Chihuahua -21600=CST
America/Ciudad_Juarez -25200=MST -21600=MDT
America/Coral_Harbour -18000=EST
America/Costa_Rica -21600=CST
America/Creston -25200=MST
America/Curacao -14400=AST
America/Danmarkshavn 0=GMT
America/Dawson -25200=MST
America/Dawson_Creek -25200=MST
America/Denver -25200=MST -21600=MDT
America/Detroit -18000=EST -14400=EDT
America/Dominica -14400=AST
America/Edmonton -25200=MST -21600=MDT
America/El_Salvador -21600=CST
America/Fort_Nelson -25200=MST
America/Glace_Bay -14400=AST -10800=ADT
America/Goose_Bay -14400=AST -10800=ADT
America/Grand_Turk -18000=EST -14400=EDT
America/Grenada -14400=AST
America/Guadeloupe -14400=AST
America/Guatemala -21600=CST
America/Halifax -14400=AST -10800=ADT
America/Havana -18000=CST -14400=CDT
America/Hermosillo -25200=MST
America/Indiana/Knox -21600=CST -18000=CDT
America/Indiana/Marengo -18000=EST -14400=EDT
America/Indiana/Petersburg -18000=EST -14400=EDT
America/Indiana/Tell_City -21600=CST -18000=CDT
America/Indiana/Vevay -18000=EST -14400=EDT
America/Indiana/Vincennes -18000=EST -14400=EDT
America/Indiana/Winamac -18000=EST -14400=EDT
America/Indianapolis -18000=EST -14400=EDT
America/Inuvik -25200=MST -21600=MDT
America/Iqaluit -18000=EST -14400=EDT
America/Jamaica -18000=EST
America/Juneau -32400=AKST -28800=AKDT
America/Kentucky/Monticello -18000=EST -14400=EDT
America/Kralendijk -14400=AST
America/Los_Angeles -28800=PST -25200=PDT
America/Louisville -18000=EST -14400=EDT
America/Lower_Princes -14400=AST
America/Managua -21600=CST
America/Marigot -14400=AST
America/Martinique -14400=AST
America/Matamoros -21600=CST -18000=CDT
America/Mazatlan -25200=MST
America/Menominee -21600=CST -18000=CDT
America/Merida -21600=CST
America/Metlakatla -32400=AKST -28800=AKDT
America/Mexico_City -21600=CST
America/Moncton -14400=AST -10800=ADT
America/Monterrey -21600=CST
America/Montserrat -14400=AST
America/Nassau -18000=EST -14400=EDT
America/New_York -18000=EST -14400=EDT
America/Nome -32400=AKST -28800=AKDT
America/North_Dakota/Beulah -21600=CST -18000=CDT
America/North_Dakota/Center -21600=CST -18000=CDT
America/North_Dakota/New_Salem -21600=CST -18000=CDT
America/Ojinaga -21600=CST -18000=CDT
America/Panama -18000=EST
America/Phoenix -25200=MST
America/Port-au-Prince -18000=EST -14400=EDT
America/Port_of_Spain -14400=AST
America/Puerto_Rico -14400=AST
America/Rankin_Inlet -21600=CST -18000=CDT
America/Regina -21600=CST
America/Resolute -21600=CST -18000=CDT
America/Santo_Domingo -14400=AST
America/Sitka -32400=AKST -28800=AKDT
America/St_Barthelemy -14400=AST
America/St_Johns -12600=NST -9000=NDT
America/St_Kitts -14400=AST
America/St_Lucia -14400=AST
America/St_Thomas -14400=AST
America/St_Vincent -14400=AST
America/Swift_Current -21600=CST
America/Tegucigalpa -21600=CST
America/Thule -14400=AST -10800=ADT
America/Tijuana -28800=PST -25200=PDT
America/Toronto -18000=EST -14400=EDT
America/Tortola -14400=AST
America/Vancouver -28800=PST -25200=PDT
America/Whitehorse -25200=MST
America/Winnipeg -21600=CST -18000=CDT
America/Yakutat -32400=AKST -28800=AKDT
Antarctica/Macquarie 39600=AEDT 36000=AEST
Antarctica/McMurdo 46800=NZDT 43200=NZST
Arctic/Longyearbyen 3600=CET 7200=CEST
Asia/Beirut 7200=EET 10800=EEST
Asia/Calcutta 19800=IST
Asia/Famagusta 7200=EET 10800=EEST
Asia/Gaza 7200=EET 10800=EEST
Asia/Hebron 7200=EET 10800=EEST
Asia/Hong_Kong 28800=HKT
Asia/Jakarta 25200=WIB
Asia/Jayapura 32400=WIT
Asia/Jerusalem 7200=IST 10800=IDT
Asia/Karachi 18000=PKT
Asia/Macau 28800=CST
Asia/Makassar 28800=WITA
Asia/Manila 28800=PST
Asia/Nicosia 7200=EET 10800=EEST
Asia/Pontianak 25200=WIB
Asia/Pyongyang 32400=KST
Asia/Seoul 32400=KST
Asia/Shanghai 28800=CST
Asia/Taipei 28800=CST
Asia/Tokyo 32400=JST
Atlantic/Bermuda -14400=AST -10800=ADT
Atlantic/Canary 0=WET 3600=WEST
Atlantic/Faeroe 0=WET 3600=WEST
Atlantic/Madeira 0=WET 3600=WEST
Atlantic/Reykjavik 0=GMT
Atlantic/St_Helena 0=GMT
Australia/Adelaide 37800=ACDT 34200=ACST
Australia/Brisbane 36000=AEST
Australia/Broken_Hill 37800=ACDT 34200=ACST
Australia/Darwin 34200=ACST
Australia/Hobart 39600=AEDT 36000=AEST
Australia/Lindeman 36000=AEST
Australia/Melbourne 39600=AEDT 36000=AEST
Australia/Perth 28800=AWST
Australia/Sydney 39600=AEDT 36000=AEST
Europe/Amsterdam 3600=CET 7200=CEST
Europe/Andorra 3600=CET 7200=CEST
Europe/Athens 7200=EET 10800=EEST
Europe/Belgrade 3600=CET 7200=CEST
Europe/Berlin 3600=CET 7200=CEST
Europe/Bratislava 3600=CET 7200=CEST
Europe/Brussels 3600=CET 7200=CEST
Europe/Bucharest 7200=EET 10800=EEST
Europe/Budapest 3600=CET 7200=CEST
Europe/Busingen 3600=CET 7200=CEST
Europe/Chisinau 7200=EET 10800=EEST
Europe/Copenhagen 3600=CET 7200=CEST
Europe/Dublin 0=GMT 3600=IST
Europe/Gibraltar 3600=CET 7200=CEST
Europe/Guernsey 0=GMT 3600=BST
Europe/Helsinki 7200=EET 10800=EEST
Europe/Isle_of_Man 0=GMT 3600=BST
Europe/Jersey 0=GMT 3600=BST
Europe/Kaliningrad 7200=EET
Europe/Kiev 7200=EET 10800=EEST
Europe/Kirov 10800=MSK
Europe/Lisbon 0=WET 3600=WEST
Europe/Ljubljana 3600=CET 7200=CEST
Europe/London 0=GMT 3600=BST
Europe/Luxembourg 3600=CET 7200=CEST
Europe/Madrid 3600=CET 7200=CEST
Europe/Malta 3600=CET 7200=CEST
Europe/Mariehamn 7200=EET 10800=EEST
Europe/Monaco 3600=CET 7200=CEST
Europe/Moscow 10800=MSK
Europe/Oslo 3600=CET 7200=CEST
Europe/Paris 3600=CET 7200=CEST
Europe/Podgorica 3600=CET 7200=CEST
Europe/Prague 3600=CET 7200=CEST
Europe/Riga 7200=EET 10800=EEST
Europe/Rome 3600=CET 7200=CEST
Europe/San_Marino 3600=CET 7200=CEST
Europe/Sarajevo 3600=CET 7200=CEST
Europe/Simferopol 10800=MSK
Europe/Skopje 3600=CET 7200=CEST
Europe/Sofia 7200=EET 10800=EEST
Europe/Stockholm 3600=CET 7200=CEST
Europe/Tallinn 7200=EET 10800=EEST
Europe/Tirane 3600=CET 7200=CEST
Europe/Vaduz 3600=CET 7200=CEST
Europe/Vatican 3600=CET 7200=CEST
Europe/Vienna 3600=CET 7200=CEST
Europe/Vilnius 7200=EET 10800=EEST
Europe/Volgograd 10800=MSK
Europe/Warsaw 3600=CET 7200=CEST
Europe/Zagreb 3600=CET 7200=CEST
Europe/Zurich 3600=CET 7200=CEST
Indian/Antananarivo 10800=EAT
Indian/Comoro 10800=EAT
Indian/Mayotte 10800=EAT
Pacific/Auckland 46800=NZDT 43200=NZST
Pacific/Guam 36000=ChST
Pacific/Honolulu -36000=HST
Pacific/Midway -39600=SST
Pacific/Pago_Pago -39600=SST
Pacific/Saipan 36000=ChST
`;
