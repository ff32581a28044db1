"""The words a Korean name is told by: surnames, honorifics and titles, the words that are no
name before them, and the shape of a full name. Shared by the name recognizer (names_ko.py) and
its proposers for forms the model misses (names_ko_forms.py, names_ko_familiar.py)."""

from __future__ import annotations

from instructflow.agents.scrub.names_ko_spans import TITLES, KoreanLexicon

# Single- and two-syllable surnames (Statistics Korea 2015 census: the first ~130 cover >99.9%).
SURNAMES_1 = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 "
    "주 우 구 민 진 나 지 엄 변 채 원 방 천 공 현 함 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 라 왕 금 "
    "옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 "
    "상 갈 시 단 견 당 화 창 옹 순 빙 뇌 요 임 리 림 로".split()
)
SURNAMES_2 = frozenset("남궁 제갈 선우 독고 황보 사공 서문 동방".split())
# What follows a name inside its eojeol: honorifics/titles and particles.
HONORIFICS = frozenset(
    "님 씨 군 양 선생 선생님 교수 교수님 박사 대리 과장 차장 부장 팀장 실장 사장 대표 회장 이사 기자 의원 "
    "원장 작가 변호사 환자 학생 선배 후배 고객 고객님 대통령 장관 총리 감독 선수 위원장 여사 옹".split()
)
# Words kiwi tags NNP that are never a person, even before 씨/님: languages, big brands/platforms
# and retailers that the issue found scrubbed. (Places are LC in the model; this list is for the
# cases it was seen to miss.)
NOT_PERSON = frozenset(
    "한국어 영어 일본어 중국어 불어 프랑스어 독일어 스페인어 러시아어 아랍어 베트남어 태국어 이탈리아어 "
    "포르투갈어 힌디어 라틴어 한글 한자 유튜브 신세계 카카오 카카오톡 네이버 구글 애플 삼성 현대 롯데 "
    "쿠팡 배민 인스타그램 페이스북 트위터 넷플릭스 틱톡 위키백과 위키피디아 챗지피티 챗GPT 엘지 기아 "
    "스타벅스 이마트 홈플러스 다이소 올리브영 하나님 하느님 예수 부처 정부".split()
)
# Role nouns that take 님 in service chat ("손님", "회원님", "조교님", "고객님"): the honorific makes
# a polite address, not a name. kiwi splits 손/NNG + 님, and the honorific rule (names_ko) would keep it.
ROLE_NOUNS = frozenset(
    "손 회원 조교 고객 환자 이용자 사용자 가입자 구독자 시청자 기사 팀원 사원 주임 조합원 수강생 보호자 집주인 "
    "세입자 판매자 구매자 작성자".split()
)


# Two-syllable common nouns people address with 님/씨 that are roles, kin or titles, not names.
ADDRESS_NOUNS = frozenset(
    "고객 부모 어머 아버 사모 기사 목사 주인 판사 검사 의사 선생 교수 박사 대리 과장 차장 부장 팀장 실장 사장 "
    "대표 회장 이사 기자 의원 원장 작가 환자 학생 선배 후배 감독 선수 여사 교장 교감 소장 국장 점장 상무 전무 "
    "고문 위원 반장 회원 당신 형수 도련 아가 아저 할머 할아 언니 오빠 누나 형님 조상 하느 하나 부처 스승 사부 "
    "관리 담당 작성 운영 집사 손님 주님 저희 우리 그분 이분 저분 여러 모든 각각 직원 기장 사원 주임 간사 담임 배우 "
    "여신 형사 주연 조연 간호 경찰 군인 요원 약사 교사 강사 코치 천사 신부 수녀 스님 장군 대감 마님 도사 계장 "
    "영감 선녀 왕자 공주 여왕 전하 사또 장로 집주 건물 임대 세입 판매 구매 택배 배달 동기".split()
)
# Nouns for a person that are no one's name, though mecab-ko-dic lists some as a person's too (여자) or
# many families give them (상대 12 of 20 surnames, 지인 11; names_ko_familiar.WIDESPREAD): "상대가 먼저
# 연락하면", "여자가 먼저 연락하면".
PERSON_NOUNS = frozenset("여자 남자 여성 남성 상대 지인 애인 연인 동료".split())
# What a word before an honorific is when it is no given name: a role, kin or title stem, a brand,
# a service role (ROLE_NOUNS), a noun for a person.
NOT_GIVEN = ADDRESS_NOUNS | NOT_PERSON | ROLE_NOUNS | PERSON_NOUNS


def is_syllable(ch: str) -> bool:
    return len(ch) == 1 and "가" <= ch <= "힣"


def korean_full_name(word: str, longest: int = 3) -> bool:
    """``word`` could be a Korean full name: Hangul syllables only, a two-syllable surname and a
    one- or two-syllable given name, or a one-syllable surname and a given name that makes the
    word at most ``longest`` syllables long."""
    if not word or not all(is_syllable(ch) for ch in word):
        return False
    if word[:2] in SURNAMES_2:
        return 3 <= len(word) <= 4
    return word[:1] in SURNAMES_1 and 2 <= len(word) <= longest


# Titles news puts after a lone surname, beside TITLES/HONORIFICS ("박 경사", "최 셰프", "임 병장").
NEWS_TITLES = frozenset(
    "경사 경장 경위 경감 병장 상병 일병 이병 하사 중사 상사 원사 준위 중위 대위 소령 중령 대령 목사 신부 시인 총재 "
    "비서 셰프 아나운서 할머니 할아버지 내정자 후보자 국장 처장 검사장 지검장 본부장 여성 남성 여자 남자".split()
)
# Longest first, so "선생님" is read before "선생".
TITLE_WORDS = tuple(sorted(TITLES | HONORIFICS | NEWS_TITLES, key=len, reverse=True))
TITLE_SET = frozenset(TITLE_WORDS) - {"전", "후", "측", "여성", "남성", "여자", "남자", "멤버", "주장"}
THING = KoreanLexicon.PLACE | KoreanLexicon.OTHER


def listed_as_thing(classes: int) -> bool:
    """A word's mecab-ko-dic ``classes`` (KoreanLexicon.classes) list it as a place or a thing and
    not also as a person's name ("신세계": a firm; "전정자" is listed as both)."""
    return bool(classes & THING) and not classes & KoreanLexicon.PERSON

# Glued to these, a surname is a person whatever the dictionary says of the pair ("정씨", "김군").
PLAIN_HONORIFICS = ("씨", "님", "군", "양", "모")
